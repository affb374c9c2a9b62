"""Scale benchmark of online story assignment: latency per article and memory as the corpus grows.

    nice python scripts/bench_stories.py --total 100000 [--checkpoints 1000,10000,100000]

Volume is synthesised by reusing dev texts (/work/shared/data: bsnlp_topics, wmt_news_parallel,
semeval2022_task8, ntrex128_docs): each synthetic article is a base text with its numbers changed, a
random publication date in 2015-2025 and some words dropped, so copies of one base form a story and the
feature vocabulary keeps growing as it does in a real feed. Embeddings: a random unit vector per base
text plus noise per copy (the encoder itself costs a constant ~20-50 ms per article on this machine,
whatever the corpus size, and is measured separately with --encoder). Latency is that of
``StoryClusterer.assign_features`` (candidate search, scoring, cluster and index updates), measured
over the ``--window`` articles that arrive after each checkpoint; memory is the process RSS.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import time
from datetime import date
from pathlib import Path

import numpy as np

from babelwire.model import Analysis
from babelwire.stories.clusterer import StoryClusterer
from babelwire.stories.features import extract_features

SOURCES = ("bsnlp_topics/articles.jsonl.gz", "wmt_news_parallel/articles.jsonl",
           "semeval2022_task8/articles.jsonl", "ntrex128_docs/articles.jsonl.gz")
_NUM = re.compile(r"\d+")


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 2**20


def base_texts(data: Path, limit: int) -> list[tuple[str, str]]:
    out = []
    for rel in SOURCES:
        path = data / rel
        if not path.exists() and not Path(str(path) + ".gz").exists():
            continue
        opener = gzip.open if rel.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    r = json.loads(line)
                    out.append((r.get("lang") or "und", r["text"][:3000]))
                    if len(out) >= limit:
                        return out
    return out


def synthesise(i: int, base: tuple[str, str], rng: random.Random) -> Analysis:
    lang, text = base
    words = text.split(" ")
    kept = " ".join(w for w in words if rng.random() > 0.15)
    kept = _NUM.sub(lambda m: str(int(m.group(0)) + rng.randint(0, 3)), kept)
    day = date.fromordinal(date(2015, 1, 1).toordinal() + rng.randint(0, 3650)).isoformat()
    return Analysis(id=f"syn{i}", lang=lang, text=kept, published=day)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--total", type=int, default=100_000)
    ap.add_argument("--checkpoints", default="1000,10000,100000")
    ap.add_argument("--window", type=int, default=500)
    ap.add_argument("--bases", type=int, default=20000)
    ap.add_argument("--dim", type=int, default=512)
    ap.add_argument("--encoder", action="store_true", help="also time the packaged encoder per article")
    args = ap.parse_args()
    rng = random.Random(1)
    nrng = np.random.default_rng(1)
    bases = base_texts(args.data, args.bases)
    centres = nrng.standard_normal((len(bases), args.dim)).astype(np.float32)
    checkpoints = sorted(int(c) for c in args.checkpoints.split(","))
    clusterer = StoryClusterer(embedder=None)
    print(f"{len(bases)} base texts; RSS at start {rss_mb():.0f} MB", flush=True)
    lat: list[float] = []
    feat_time = 0.0
    start = time.time()
    for i in range(args.total):
        b = rng.randrange(len(bases))
        t0 = time.perf_counter()
        feats = extract_features(synthesise(i, bases[b], rng))
        feat_time += time.perf_counter() - t0
        emb = centres[b] + 0.5 * nrng.standard_normal(args.dim).astype(np.float32)
        feats.embedding = emb / np.linalg.norm(emb)
        t0 = time.perf_counter()
        clusterer.assign_features(f"syn{i}", feats)
        lat.append(time.perf_counter() - t0)
        n = i + 1
        for cp in checkpoints:
            if n == cp + args.window:
                w = np.array(lat[-args.window:]) * 1000
                print(json.dumps({"stored": cp, "ms_mean": round(float(w.mean()), 2),
                                  "ms_p50": round(float(np.median(w)), 2),
                                  "ms_p95": round(float(np.percentile(w, 95)), 2),
                                  "rss_mb": round(rss_mb()), "stories": len(clusterer.stories),
                                  "storylines": len(clusterer.storylines), "vocab": len(clusterer.df.counts),
                                  "feature_ms": round(feat_time / n * 1000, 2),
                                  "elapsed_s": round(time.time() - start)}), flush=True)
    if args.encoder:
        from babelwire.stories.embedding import default_embedder, embed

        docs = [synthesise(i, bases[i % len(bases)], rng) for i in range(200)]
        embedder = default_embedder()
        embed(docs[:1], embedder)
        t0 = time.perf_counter()
        for d in docs:
            embed([d], embedder)
        print(json.dumps({"encoder_ms_per_article": round((time.perf_counter() - t0) / len(docs) * 1000, 2)}))


if __name__ == "__main__":
    main()
