"""Fit the language-ID ranker's weights on one half of the dev data and measure on the other half.

    python -m babelwire.languages.langid_fit DATA_DIR [--step N] [--write] [--cache FILE]

DATA_DIR holds ``flores200_lid``, ``tatoeba_lid`` and ``wmt_news_lid`` (``dev.jsonl.gz`` each). Every
``step``-th record is used; records go to half A (fit) or B (report) by a hash of their key (FLORES:
the sentence id, so a sentence and its translations stay in one half). The model is a conditional
logit over each text's candidate languages with an L2 penalty; ``--write`` stores the weights in
``data/_common/langid.toml``. This is an offline development tool: nothing at run time calls it.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pickle
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from babelwire.languages.langid import evidence
from babelwire.languages.langid_detectors import config, lingua_languages
from babelwire.languages.langid_ranker import Evidence, candidates, features

SETS = ("flores200_lid", "tatoeba_lid", "wmt_news_lid")
FOCUS = ("uk", "lt", "ru", "pl", "en", "de", "es", "lv", "be")
TOML = Path(__file__).parent / "data" / "_common" / "langid.toml"


def half(key: str) -> str:
    return "A" if int(hashlib.sha1(f"half-{key}".encode()).hexdigest()[:8], 16) % 2 == 0 else "B"


def load(data: Path, step: int) -> list[dict]:
    recs = []
    for name in SETS:
        with gzip.open(data / name / "dev.jsonl.gz", "rt", encoding="utf-8") as fh:
            lines = [line for line in fh if line.strip()]
        for line in lines[::step]:
            d = json.loads(line)
            key = str(d.get("sent_id", d["id"]))
            recs.append({"set": name, "lang": d["lang"], "text": d["text"], "half": half(key)})
    return recs


def restrict_lingua(ev: Evidence | None) -> Evidence | None:
    """Cached evidence with lingua's votes cut to the configured languages (renormalised), so a cache
    made with a wider lingua set can be reused."""
    if ev is None:
        return None
    keep = {c: p for c, p in ev.votes.get("lingua", {}).items() if c in lingua_languages()}
    total = sum(keep.values())
    keep = {c: p / total for c, p in keep.items()} if total > 0 else {}
    return replace(ev, votes={**ev.votes, "lingua": keep})


def design(recs: list[dict], evs: list) -> tuple[list[str], list[tuple[int, int, list[str]]], np.ndarray]:
    """Feature names, (start, end, candidates) per record, and the stacked feature matrix."""
    k = config()["candidates_per_detector"]
    rows, groups, names = [], [], None
    for ev in evs:
        cands = candidates(ev.votes, k) if ev is not None else []
        start = len(rows)
        for c in cands:
            f = features(ev, c)
            names = names or sorted(f)
            rows.append([f[n] for n in names])
        groups.append((start, len(rows), cands))
    return names or [], groups, np.array(rows, dtype=float)


def fit(x: np.ndarray, groups: list, gold: list[str], l2: float, weight: list[float]) -> np.ndarray:
    """Weights (in raw feature units) maximising the (record-weighted) conditional likelihood of the gold
    candidate."""
    pairs = [((a, b, cs.index(g)), wt) for (a, b, cs), g, wt in zip(groups, gold, weight, strict=True)
             if g in cs and b - a > 1]
    keep = [k for k, _ in pairs]
    rw = np.array([wt for _, wt in pairs])
    mu, sd = x.mean(0), x.std(0) + 1e-9
    xs = (x - mu) / sd
    starts = np.array([a for a, _, _ in keep])
    idx = np.concatenate([np.arange(a, b) for a, b, _ in keep])
    gid = np.concatenate([np.full(b - a, i) for i, (a, b, _) in enumerate(keep)])
    bounds = np.concatenate([[0], np.cumsum([b - a for a, b, _ in keep])])[:-1]
    gold_rows = starts + np.array([y for _, _, y in keep])
    xk = xs[idx]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = xk @ w
        m = np.maximum.reduceat(s, bounds)
        e = np.exp(s - m[gid])
        z = np.add.reduceat(e, bounds)
        pr = e / z[gid]
        nll = -(rw * (xs[gold_rows] @ w - m - np.log(z))).sum()
        grad = xk.T @ (pr * rw[gid]) - rw @ xs[gold_rows]
        n = rw.sum()
        return nll / n + l2 * w @ w, grad / n + 2 * l2 * w

    w = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 500}).x
    return w / sd


def predict(groups: list, x: np.ndarray, w: np.ndarray) -> list[str]:
    s = x @ w if len(x) else np.zeros(0)
    return [cs[int(np.argmax(s[a:b]))] if cs else "und" for a, b, cs in groups]


def report(recs: list[dict], pred: list[str], which: str) -> None:
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r, p in zip(recs, pred, strict=True):
        if r["half"] == which:
            for key in (r["set"], f"{r['set']}:{r['lang']}"):
                acc[key][0] += p == r["lang"]
                acc[key][1] += 1
    for name in SETS:
        ok, n = acc[name]
        focus = {lang: round(acc[f"{name}:{lang}"][0] / acc[f"{name}:{lang}"][1], 3)
                 for lang in FOCUS if acc[f"{name}:{lang}"][1]}
        print(f"half {which} {name:15s} accuracy {ok / max(n, 1):.4f} over {n}  {focus}")


def write_weights(names: list[str], w: np.ndarray) -> None:
    text = TOML.read_text(encoding="utf-8")
    head = text[: text.index("[ranker.weights]")]
    lines = ["[ranker.weights]", f"# fitted by `python -m {__spec__.name}` (do not edit by hand)"]
    lines += [f'"{n}" = {v:.6g}' for n, v in zip(names, w, strict=True) if abs(v) > 1e-9]
    TOML.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path)
    ap.add_argument("--step", type=int, default=6)
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--tatoeba-weight", type=float, default=0.3,
                    help="weight of Tatoeba records (many rare and constructed languages) against news text")
    ap.add_argument("--cache", type=Path, help="pickle of the detectors' evidence (reused when present)")
    ap.add_argument("--write", action="store_true", help="store the fitted weights in langid.toml")
    args = ap.parse_args()
    recs = load(args.data, args.step)
    if args.cache and args.cache.exists():
        evs = pickle.loads(args.cache.read_bytes())
    else:
        evs = [evidence(r["text"]) for r in recs]
        if args.cache:
            args.cache.write_bytes(pickle.dumps(evs))
    evs = [restrict_lingua(ev) for ev in evs]
    names, groups, x = design(recs, evs)
    a = [i for i, r in enumerate(recs) if r["half"] == "A"]
    ga = [groups[i] for i in a]
    rows = np.concatenate([np.arange(s, e) for s, e, _ in ga])
    remap, pos = [], 0
    for s, e, cs in ga:
        remap.append((pos, pos + e - s, cs))
        pos += e - s
    weight = [args.tatoeba_weight if recs[i]["set"] == "tatoeba_lid" else 1.0 for i in a]
    w = fit(x[rows], remap, [recs[i]["lang"] for i in a], args.l2, weight)
    pred = predict(groups, x, w)
    report(recs, pred, "A")
    report(recs, pred, "B")
    for n, v in sorted(zip(names, w, strict=True), key=lambda kv: -abs(kv[1]))[:12]:
        print(f"  {n:24s} {v:+.3f}")
    if args.write:
        write_weights(names, w)
        print(f"wrote {TOML}")


if __name__ == "__main__":
    main()
