"""Fit the story models (babelwire/stories/weights.py) on one half of the dev data, report on the other.

    python scripts/fit_stories.py [--data /work/shared/data] [--cache /tmp/bw-stories-cache]

Splits: wmt_news_parallel and ntrex128_docs by story (sha1 of "split:" + story, even = fit, odd = report);
bsnlp_topics by whole topic (fit: brexit, ryanair, asia_bibi; report: nord_stream, russia_-_ukraine_war,
plus the unlabelled distractors); semeval2022_task8 by pair (sha1 of id1+id2). The decision models are
fitted on what the online clusterer actually sees (an article against its candidate clusters, Miranda et
al. 2018), then the clusterer is rerun on the report half. Prints the weights to paste into weights.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import itertools
import json
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression, Ridge

from babelwire.model import Analysis, Article
from babelwire.pipeline import analyze_article
from babelwire.stories import clusterer as cl
from babelwire.stories import storylines as sl
from babelwire.stories import weights
from babelwire.stories.embedding import default_embedder, embed
from babelwire.stories.features import extract_features
from babelwire.stories.similarity import FEATURE_NAMES, DocFreq, _pair

SETS = {"semeval": "semeval2022_task8/articles.jsonl", "wmt": "wmt_news_parallel/articles.jsonl",
        "bsnlp": "bsnlp_topics/articles.jsonl.gz", "ntrex": "ntrex128_docs/articles.jsonl.gz"}
BSNLP_FIT = {"brexit", "ryanair", "asia_bibi"}
GAP_PRIOR = -0.5  # weight of log(1 + days between an article and a storyline's span), see fit_storylines


def load(name: str, data: Path, cache: Path, light: bool) -> list[dict]:
    """Rows with id, story, lang and features (analysis + embedding), cached on disk.

    ``light``: features from the text alone (no entity/date extraction), much faster while the
    extractors are slow; the story features then miss linked entity ids and resolved dates.
    """
    path = cache / f"feat_{name}.pkl"
    if path.exists():
        return pickle.load(path.open("rb"))
    src = data / SETS[name]
    opener = gzip.open if src.suffix == ".gz" else open
    with opener(src, "rt", encoding="utf-8") as fh:
        raw = [json.loads(line) for line in fh if line.strip()]
    rows, embedder = [], default_embedder()
    for start in range(0, len(raw), 256):
        chunk = raw[start:start + 256]
        arts = [Article(id=r["id"], text=r["text"], published=r.get("date"),
                        title=r["title"] if isinstance(r.get("title"), str) else None) for r in chunk]
        analyses = [Analysis(id=a.id, lang=r["lang"], text=a.text, title=a.title, published=a.published)
                    if light else analyze_article(a) for a, r in zip(arts, chunk, strict=False)]
        for r, a, e in zip(chunk, analyses, embed(analyses, embedder), strict=False):
            rows.append({"id": r["id"], "story": r.get("story"), "lang": r["lang"],
                         "f": extract_features(a, e)})
    cache.mkdir(parents=True, exist_ok=True)
    pickle.dump(rows, path.open("wb"))
    return rows


def load_analysed(pred: Path, data: Path) -> list[dict]:
    """bsnlp_topics rows from a ``babelwire analyze`` output of its articles (``evaluate-dev.sh stories``
    writes one): features with the pipeline's cross-lingual entity ids, which :func:`load` (one article
    at a time) lacks, and embeddings from the default embedder."""
    with gzip.open(data / SETS["bsnlp"], "rt", encoding="utf-8") as fh:
        gold = {d["id"]: d for d in map(json.loads, fh)}
    with pred.open(encoding="utf-8") as fh:
        analyses = [Analysis.from_dict(json.loads(line)) for line in fh if line.strip()]
    embedder = default_embedder()
    rows = []
    for start in range(0, len(analyses), 256):
        chunk = analyses[start:start + 256]
        for a, e in zip(chunk, embed(chunk, embedder), strict=True):
            rows.append({"id": a.id, "story": gold[a.id]["story"], "lang": gold[a.id]["lang"],
                         "f": extract_features(a, e)})
    return rows


def topic_pairs(rows: list[dict]) -> dict[str, float]:
    """Storyline B³-F1 on bsnlp: on every two topics at a time with half of the unlabelled distractors (the
    shape of the held-out part: two topics unseen in dev) and on all of them, each in file order (topic
    after topic) and in date order (topics interleaved, as in a feed). Prints and returns the means."""
    topics = sorted({r["story"] for r in rows if r["story"] is not None})
    by_date = {"file": lambda rr: rr, "date": lambda rr: sorted(rr, key=lambda r: r["f"].day or 0)}
    out = {}
    for order, arrange in by_date.items():
        scores = []
        for pair in itertools.combinations(topics, 2):
            part = arrange([r for r in rows
                            if r["story"] in pair or (r["story"] is None and half(r["id"]) == 1)])
            scores.append(bcubed([r["story"] for r in part], simulate(part, "storyline", False)[0])[2])
            print(f"bsnlp {order} order, {pair[0]} + {pair[1]}: storyline B3 F1 {scores[-1]:.4f}", flush=True)
        whole = arrange(rows)
        out[f"pairs {order}"] = float(np.mean(scores))
        out[f"all {order}"] = bcubed([r["story"] for r in whole], simulate(whole, "storyline", False)[0])[2]
        print(f"bsnlp {order} order: pairs mean {out[f'pairs {order}']:.4f} (min {min(scores):.4f}), "
              f"all topics {out[f'all {order}']:.4f}", flush=True)
    return out


def half(story: str | None) -> int:
    return int(hashlib.sha1(f"split:{story}".encode()).hexdigest(), 16) % 2


def bcubed(gold: list[str | None], pred: list[str]) -> tuple[float, float, float]:
    """B³ precision, recall, F1 over items with a gold label (as the shared scorer does)."""
    items = [(g, p) for g, p in zip(gold, pred, strict=False) if g is not None]
    gc, pc, both = Counter(g for g, _ in items), Counter(p for _, p in items), Counter(items)
    prec = sum(both[(g, p)] / pc[p] for g, p in items) / len(items)
    rec = sum(both[(g, p)] / gc[g] for g, p in items) / len(items)
    return prec, rec, 2 * prec * rec / (prec + rec)


def simulate(rows: list[dict], level: str, record: bool) -> tuple[list[str], list[tuple[np.ndarray, int]]]:
    """Run the online clusterer; optionally record (candidate evidence, same-gold) examples at ``level``."""
    c = cl.StoryClusterer(embedder=None)
    examples: list[tuple[np.ndarray, int]] = []
    gold_of: dict[str, Counter] = {}
    current: dict = {}

    def observe(lvl: str, cand: cl.Cluster, x: np.ndarray) -> None:
        members = gold_of.get(cand.id)
        if lvl == level and current.get("story") is not None and members:
            examples.append((x, int(members.most_common(1)[0][0] == current["story"])))

    if record:
        c.observer = observe
    pred = []
    for r in rows:
        current = r
        sid, lid = c.assign_features(r["id"], r["f"])
        key = sid if level == "story" else c.resolve_storyline(lid)
        gold_of.setdefault(key, Counter())[r["story"]] += 1
        pred.append(key)
    if level == "storyline":  # storylines merged after their articles were assigned
        pred = [c.resolve_storyline(p) for p in pred]
    return pred, examples


def tune(rows_by_set: dict[str, list[dict]], level: str, attr: str) -> float:
    """The decision threshold with the best mean B³-F1 over the fit sets."""
    best, best_f = getattr(weights, attr), -1.0
    for t in (0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.95):
        setattr(weights, attr, t)
        fs = [bcubed([r["story"] for r in rows], simulate(rows, level, False)[0])[2]
              for rows in rows_by_set.values()]
        print(f"  {attr}={t}: F1 {[round(f, 4) for f in fs]}", flush=True)
        if np.mean(fs) > best_f:
            best, best_f = t, float(np.mean(fs))
    setattr(weights, attr, best)
    return best


def fit_logistic(examples: list[tuple[np.ndarray, int]]) -> dict:
    X = np.array([x for x, _ in examples])
    y = np.array([t for _, t in examples])
    m = LogisticRegression(C=1.0, max_iter=2000).fit(X, y)
    return {"bias": round(float(m.intercept_[0]), 4), "w": [round(float(w), 4) for w in m.coef_[0]]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/bw-stories-cache"))
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--light", action="store_true", help="text-only features (see load)")
    ap.add_argument("--sets", default="semeval,wmt,bsnlp,ntrex")
    ap.add_argument("--storylines-only", action="store_true", help="refit only the storyline model")
    ap.add_argument("--pairs", type=Path, metavar="PRED",
                    help="only report storylines on bsnlp topic pairs (topic_pairs), from this `babelwire "
                         "analyze` output of bsnlp_topics")
    args = ap.parse_args()
    if args.pairs:
        topic_pairs(load_analysed(args.pairs, args.data))
        return
    names = args.sets.split(",")
    data = {n: load(n, args.data, args.cache, args.light) for n in names}

    if "semeval" in data and not args.storylines_only:
        fit_similarity(data, args.data)
    story_sets = [n for n in ("wmt", "ntrex") if n in data]
    fit_rows = {n: [r for r in data[n] if half(r["story"]) == 0] for n in story_sets}
    rep_rows = {n: [r for r in data[n] if half(r["story"]) == 1] for n in story_sets}
    if args.storylines_only:
        story_sets = []
    for rnd in range(args.rounds if story_sets else 0):
        ex = []
        for n in story_sets:
            ex += simulate(fit_rows[n], "story", True)[1]
        weights.STORY = fit_logistic(ex)
        print(f"round {rnd}: STORY {weights.STORY}", flush=True)
    if story_sets:
        print("STORY_THRESHOLD", tune({n: fit_rows[n] for n in story_sets}, "story", "STORY_THRESHOLD"))
    levels = [(n, "story") for n in story_sets]
    if "bsnlp" in data:
        fit_rows["bsnlp"] = [r for r in data["bsnlp"] if r["story"] in BSNLP_FIT]
        rep_rows["bsnlp"] = [r for r in data["bsnlp"] if r["story"] not in BSNLP_FIT]
        fit_storylines(fit_rows["bsnlp"], args.rounds)
        levels.append(("bsnlp", "storyline"))
    for n, level in levels:
        for part, rows in (("fit", fit_rows[n]), ("report", rep_rows[n])):
            t = time.time()
            pred, _ = simulate(rows, level, False)
            p, r, f = bcubed([x["story"] for x in rows], pred)
            print(f"{n:6} {level:9} {part:6} n={len(rows):5} B3 P {p:.4f} R {r:.4f} F1 {f:.4f} "
                  f"({(time.time() - t) / len(rows) * 1000:.1f} ms/article)", flush=True)
    for name in ("STORY", "STORY_THRESHOLD", "STORYLINE", "STORYLINE_NO_EMB", "STORYLINE_THRESHOLD"):
        print(name, "=", json.dumps(getattr(weights, name)))
    print("features:", FEATURE_NAMES, sl.FEATURES, file=sys.stderr)


def fit_storylines(rows: list[dict], rounds: int) -> None:
    """The storyline model (with and without embeddings), refitted on what the clusterer it yields sees.

    Chosen by hand, on the fit topics and the bundled sample corpus (a mixed feed with four storylines):
    the threshold (0.4, from 0.2/0.3/0.4/0.5), the name-evidence floor
    (``storylines.MIN_NAME_EVIDENCE``) and the weight of the time gap, which is set to :data:`GAP_PRIOR`
    (a longer gap never makes two events more related; the topics here span months, so the fit alone
    learns a small positive weight, and a feed then joins unrelated news in one storyline). The merge
    thresholds (``storylines.merge_threshold``) were later set on :func:`topic_pairs`: see
    ``storylines.MERGE_COSINE``. Training with unrelated WMT documents mixed in as distractors was tried and
    scored worse on both. The refit is unstable (it oscillates between rounds): the shipped weights are
    those of the first refit that met the floor evidence check, with the gap prior applied; one more
    round from them scored B³ 0.848 fit / 0.897 report against their 0.932 / 0.908, so they were kept.
    Refitting on three topics at a time and scoring the other two (as :func:`topic_pairs`) also scored
    worse than the shipped weights: mean 0.905 against 0.942 (both with one merge threshold of 0.25)."""
    gap = sl.FEATURES.index("day_gap")
    for name, data in (("STORYLINE", rows),
                       ("STORYLINE_NO_EMB", [{**r, "f": dataclasses.replace(r["f"], embedding=None)}
                                             for r in rows])):
        for rnd in range(rounds):
            model = fit_logistic(simulate(data, "storyline", True)[1])
            model["w"][gap] = min(model["w"][gap], GAP_PRIOR)
            setattr(weights, name, model)
            print(f"round {rnd}: {name} {model}", flush=True)


def fit_similarity(data: dict[str, list[dict]], root: Path) -> None:
    """Similarity: ridge regression of the human score, fit on one half of the SemEval pairs."""
    arts = {r["id"]: r["f"] for r in data["semeval"]}
    df = DocFreq()
    for f in arts.values():
        df.add(f)
    with (root / "semeval2022_task8/pairs.jsonl").open(encoding="utf-8") as fh:
        pairs = [json.loads(line) for line in fh if line.strip()]
    X = np.array([_pair(arts[p["id1"]], arts[p["id2"]], df) for p in pairs])
    y = np.array([p["score"] for p in pairs])
    fit = np.array([half(p["id1"] + p["id2"]) == 0 for p in pairs])
    reg = Ridge(alpha=1.0).fit(X[fit], y[fit])
    # map the 1..4 rating scale onto [0, 1]
    sim = {"bias": round(float((reg.intercept_ - 1) / 3), 4),
           "w": [round(float(w / 3), 4) for w in reg.coef_]}
    pred = reg.predict(X[~fit])
    r = float(np.corrcoef(pred, y[~fit])[0, 1])
    print("semeval report-half Pearson", round(r, 4), f"({(~fit).sum()} pairs)")
    sparse = [0, 1, 2]  # the same without the embedding
    reg0 = Ridge(alpha=1.0).fit(X[fit][:, sparse], y[fit])
    w0 = [0.0] * len(FEATURE_NAMES)
    for i, w in zip(sparse, reg0.coef_, strict=True):
        w0[i] = round(float(w / 3), 4)
    sim0 = {"bias": round(float((reg0.intercept_ - 1) / 3), 4), "w": w0}
    r0 = float(np.corrcoef(reg0.predict(X[~fit][:, sparse]), y[~fit])[0, 1])
    print("semeval report-half Pearson without embeddings", round(r0, 4))

    print("SIMILARITY =", json.dumps(sim))
    print("SIMILARITY_NO_EMB =", json.dumps(sim0))


if __name__ == "__main__":
    main()
