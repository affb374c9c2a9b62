"""Calibrate and measure cross-lingual quote similarity on translation pairs (wmt_news_parallel).

Paragraph i of a WMT document and paragraph i of its human translation say the same thing: those are
the positives; other paragraphs of the same documents are hard negatives (same story, same people).
Stories are split by hash: the threshold is chosen on one half and reported on the other.

    .venv/bin/python scripts/eval_quote_similarity.py [--no-embeddings]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

from babelwire.quotegroups import quote_similarity
from babelwire.stories.embedding import default_embedder

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt_news_parallel" / "articles.jsonl"


def pairs(docs: dict[str, list[dict]], embed: bool) -> tuple[list[float], list[int]]:
    scores, labels = [], []
    texts, keys = [], []
    for story, arts in docs.items():
        paras = {a["lang"]: [p.strip() for p in a["text"].split("\n\n")] for a in arts}
        if len({len(v) for v in paras.values()}) != 1:
            continue  # paragraph structure differs: no alignment
        for lang, ps in paras.items():
            for i, p in enumerate(ps[:12]):
                if 40 <= len(p) <= 400:
                    texts.append(p)
                    keys.append((story, lang, i))
    embs = [None] * len(texts)
    if embed and (e := default_embedder()) is not None:
        v = np.asarray(e.encode(texts), dtype=np.float32)
        embs = list(v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9))
    by_story = defaultdict(list)
    for k, key in enumerate(keys):
        by_story[key[0]].append(k)
    for members in by_story.values():
        for a, b in combinations(members, 2):
            if keys[a][1] == keys[b][1]:
                continue  # same language: not the cross-lingual case
            scores.append(quote_similarity(texts[a], texts[b], embs[a], embs[b]))
            labels.append(int(keys[a][2] == keys[b][2]))
    return scores, labels


def f1_at(scores: list[float], labels: list[int], t: float) -> tuple[float, float, float]:
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= t and y)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= t and not y)
    fn = sum(1 for s, y in zip(scores, labels, strict=True) if s < t and y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-embeddings", action="store_true")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"{DATA} not found", file=sys.stderr)
        return 1
    halves: list[dict[str, list[dict]]] = [defaultdict(list), defaultdict(list)]
    for line in DATA.open(encoding="utf-8"):
        d = json.loads(line)
        if d.get("story"):
            half = int(hashlib.sha1(d["story"].encode()).hexdigest(), 16) % 2
            halves[half][d["story"]].append(d)
    fit, test = (pairs(h, not args.no_embeddings) for h in halves)
    best = max((f1_at(*fit, t / 100)[2], t / 100) for t in range(20, 95, 5))
    p, r, f = f1_at(*test, best[1])
    print(
        json.dumps(
            {
                "threshold": best[1],
                "fit_f1": round(best[0], 3),
                "heldout": {
                    "precision": round(p, 3),
                    "recall": round(r, 3),
                    "f1": round(f, 3),
                    "pairs": len(test[0]),
                    "positives": sum(test[1]),
                },
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
