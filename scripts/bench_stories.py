"""Scale benchmark of online story assignment: latency per article and memory as the corpus grows.

Two steps (run under ``nice``; the numbers in issue 5's report came from exactly these commands):

    # 1. real assignment of 51 000 articles, state saved at the end (about 10 min on the loaded 2 cores)
    nice python scripts/bench_stories.py --cached-features --total 51000 --window 1000 \
        --checkpoints 10000,50000 --save /tmp/bench-state/real
    # 2. grow that state to 20x (10^6) and measure 1000 new articles against it
    nice python scripts/bench_stories.py --scale-from /tmp/bench-state/real --replicas 20 --window 1000

**Real** (step 1): every article goes through ``StoryClusterer.assign_features`` in arrival order, so
df counts, index, stories, storylines and the faiss HNSW index are built by the clusterer itself.
The articles are synthesised from dev texts (/work/shared/data: bsnlp_topics, wmt_news_parallel,
semeval2022_task8, ntrex128_docs): a base text with numbers changed, some words dropped, published
0-3 days after the base text's own day (one per base, spread over 2015-2025), so copies of one base
form a story and the vocabulary keeps growing as
in a real feed. With ``--cached-features`` the features of each base text are extracted once and each
copy perturbs them the same way (keys dropped with p=0.15, numbers shifted, day: ``perturbed``),
which saves ~4-17 ms of feature extraction per article that does not depend on the corpus size.
Embeddings: a random unit vector per base text plus noise per copy (the encoder costs a constant ~20-50
ms per article whatever the corpus size; ``--encoder`` times it). Latency is that of ``assign_features``
(candidate search, scoring, cluster, index and ANN updates) over the ``--window`` articles after each
checkpoint; memory is the process RSS (it includes the base texts, ~100 MB, and, with ``--save``, the
bench's own copy of the vectors, 2 KB per article).

**Synthesised** (step 2, ``scale``): 10^6 articles would take hours of CPU here, so the real state of
step 1 is replicated ``--replicas`` times: every df key, index key, story and storyline is copied with a
``~r`` suffix on its key or id (so vocabulary, index, numbers of stories and storylines, and Python
memory grow linearly: an upper bound, real vocabularies grow sublinearly), ``df.n`` is multiplied, and
the faiss HNSW index gets all real vectors again per replica, jittered (noise 0.05, renormalised) and
labelled with the replica's story ids: 10^6 vectors, neighbourhoods as dense as a real corpus of that
size. To fit the time, that index is built with efConstruction 16 (the clusterer uses faiss's 40);
search keeps M=32 and efSearch=64 as in the clusterer. Then ``--window`` **new real articles** (full
feature extraction from fresh synthetic texts, not timed) are assigned against the grown state: wall and
CPU (thread) time per article, mean / p50 / p95. Wall time on this shared machine includes waiting for a
core, so CPU time is the better measure of the algorithm. After the first ``--batch`` new articles, the
state save of that batch is timed as ``Corpus`` does it (``take_changes`` + ``save_state_items`` into a
store whose state_items already hold the real df items) and compared with the single JSON value saved
before items (its size estimated by encoding df and index whole and every 50th cluster).

Measured 2026-11-23 on the shared 2-core machine (other jobs running during step 1, so its wall time
includes waiting for a core), with storylines that keep entity/name and per-language centroids:

    stored        assign CPU ms        wall ms               RSS MB   state save, one batch of 50 articles
                  mean / p50 / p95     mean / p50 / p95               items (old single JSON value)
    10^4 real     -                    7.9 / 7.2 / 15.6      573      -
    5x10^4 real   -                    7.0 / 6.9 / 10.3      1042     -
    10^6 (20x)    5.4 / 5.1 / 7.8      5.5 / 5.1 / 8.0       13638    14.9 MB, 1.16 s (7.5 GB, ~585 s)

(``--total 51000 --checkpoints 10000,50000`` then ``--scale-from ... --replicas 20``.) Memory is an upper
bound: every replica's storylines carry full centroids. The batch save rewrites each touched story and
storyline whole, so it is bounded by the centroid key caps, not by the corpus, but large. Before
storylines had centroids (same bench, 10^5 real x10): 4.2 ms CPU, 7.2 GB, 1.1 MB per batch save.

**Restart** (``--restart N``): what opening a store with N stored article vectors costs, without and with
the nearest-neighbour index snapshot (``Corpus`` / :mod:`babelwire.stories.persistence`). A SQLite store
is written with the clusterer's ``v``/``n`` items and N ``a:`` items (random unit vectors of ``--dim``,
the packaged encoder's 512, one story label per 3 vectors; no other items, so the times are those of the
index, plus reading and decoding the N vector items, which every restart pays). Then ``Corpus(store)`` is
timed: with no snapshot (the rebuild), after ``Corpus.save_snapshot`` (timed, size on disk), and with
``--topup`` more vectors stored after the snapshot (loaded, then topped up one by one):

    nice python scripts/bench_stories.py --restart 100000 --topup 1000 --restart-dir /tmp/bench-restart

Measured 2026-11-23 on the shared 2-core machine (other jobs running), 10^5 vectors of 512 dimensions:

    Corpus(store) with no snapshot (rebuild, batched add)   101.5 s and 129.4 s (two runs)
    Corpus.save_snapshot                                     0.33-0.5 s, 222.8 MB (2336 bytes a vector)
    Corpus(store) with the snapshot                          0.51 s (AnnIndex.load alone: 0.46 s)
    ... with 1000 vectors stored after the snapshot          1.74 s
    (reading all 10^5 vector items, which a restart with the snapshot no longer does: 1.6-4.8 s)
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import random
import re
import time
import zlib
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np

from babelwire.model import Analysis
from babelwire.store import SQLiteStore
from babelwire.stories.clusterer import Cluster, StoryClusterer
from babelwire.stories.features import ArticleFeatures, extract_features
from babelwire.stories.similarity import DocFreq
from babelwire.stories.storylines import Storyline

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
    # one event per base text: its copies are published within a few days of the base's own day
    day = date(2015, 1, 1).toordinal() + zlib.crc32(text.encode("utf-8")) % 3650 + rng.randint(0, 3)
    return Analysis(id=f"syn{i}", lang=lang, text=kept, published=date.fromordinal(day).isoformat())


def perturbed(base: ArticleFeatures, rng: random.Random) -> ArticleFeatures:
    """A copy of a base text's features changed as :func:`synthesise` changes its text: each key kept
    with probability 0.85, numbers shifted by 0-3, published 0-3 days after the base."""
    bags: dict[str, Counter[str]] = {}
    for fam, bag in base.bags.items():
        out: Counter[str] = Counter()
        for k, tf in bag.items():
            if rng.random() <= 0.15:
                continue
            if fam == "d" and k.isdigit():
                k = str(int(k) + rng.randint(0, 3))
            out[k] += tf
        bags[fam] = out
    day = None if base.day is None else base.day + rng.randint(0, 3)
    return ArticleFeatures(bags=bags, day=day, lang=base.lang)


def replicate(c: StoryClusterer, r: int) -> None:
    """Add replica ``r`` of the real state: every df key, index key, story and storyline copied with
    ``~r`` appended to its key or id (so vocabulary, index and cluster counts grow as if the corpus had
    as many distinct events and words again: an upper bound, real vocabularies grow sublinearly)."""
    suf = f"~{r}"
    real_stories = [(k, v) for k, v in c.stories.items() if "~" not in k]
    real_lines = [(k, v) for k, v in c.storylines.items() if "~" not in k]
    for k, n in [(k, n) for k, n in c.df.counts.items() if "~" not in k]:
        c.df.counts[k + suf] = n
    for index in (c.index, c.line_index):
        for k, posting in [(k, p) for k, p in index.items() if "~" not in k]:
            index[k + suf] = [cid + suf for cid in posting]
    for cid, cl in real_stories:
        copy = Cluster(cid + suf, None if cl.parent is None else cl.parent + suf)
        copy.vecs = {f: {k + suf: v for k, v in vec.items()} for f, vec in cl.vecs.items()}
        copy.emb = None if cl.emb is None else cl.emb.copy()
        copy.n, copy.first, copy.last, copy.langs = cl.n, cl.first, cl.last, Counter(cl.langs)
        copy.norms, copy.emb_norm = dict(cl.norms), cl.emb_norm
        c.stories[copy.id] = copy
    for lid, line in real_lines:
        d = line.to_dict()
        d["vecs"] = {f: {k + suf: v for k, v in vec.items()} for f, vec in line.vecs.items()}
        c.storylines[lid + suf] = Storyline.from_dict(lid + suf, d)
    for old, new in [(o, n) for o, n in c.line_merged.items() if "~" not in o]:
        c.line_merged[old + suf] = new + suf


def save_batch_cost(c: StoryClusterer, db: Path) -> dict[str, float]:
    """Time and bytes of one batch's state save with items (what ``Corpus`` does after each batch),
    into a store whose state_items already holds the real df items, against the whole-state value
    the store wrote before items (bytes counted by encoding it piece by piece; SQLite refuses one value
    over 1e9 bytes, SQLITE_MAX_LENGTH, so that save would fail outright at this size)."""
    store = SQLiteStore(db)
    with store.transaction():
        store.save_state_items("stories", {"d:" + k: n for k, n in c.df.counts.items() if "~" not in k})
    t0 = time.perf_counter()
    changed, deleted = c.take_changes()
    t1 = time.perf_counter()
    with store.transaction():
        store.save_state_items("stories", changed, deleted)
    t2 = time.perf_counter()
    item_bytes = sum(len(k) + len(json.dumps(v, ensure_ascii=False, separators=(",", ":")))
                     for k, v in changed.items())
    store.close()
    t3 = time.perf_counter()
    blob = len(json.dumps({"n": c.df.n, "counts": c.df.counts}, ensure_ascii=False))
    blob += len(json.dumps(c.index))
    t4 = time.perf_counter()
    sample = 50  # clusters: every 50th encoded, bytes and time scaled up
    cluster_bytes = 0
    for table in (c.stories, c.storylines):
        for cl in list(table.values())[::sample]:
            cluster_bytes += len(json.dumps(cl.to_dict(), ensure_ascii=False))
    t5 = time.perf_counter()
    return {"items_written": len(changed) + len(deleted), "items_bytes": item_bytes,
            "take_changes_ms": round((t1 - t0) * 1000, 1), "save_items_ms": round((t2 - t1) * 1000, 1),
            "old_blob_bytes_est": blob + cluster_bytes * sample,
            "old_blob_encode_s_est": round((t4 - t3) + (t5 - t4) * sample, 1)}


def scale(args: argparse.Namespace) -> None:
    """Grow the real state saved by a --save run to --replicas times its size; measure latency of new
    real articles, memory, and one batch's state save."""
    import faiss

    faiss.omp_set_num_threads(2)
    t_start = time.time()
    bases = base_texts(args.data, args.bases)
    centres = np.random.default_rng(1).standard_normal((len(bases), args.dim)).astype(np.float32)
    c = StoryClusterer(embedder=None)
    with open(args.scale_from / "state.json", encoding="utf-8") as fh:
        state = json.load(fh)
    c.df = DocFreq(state["df"]["counts"], state["df"]["n"])
    c.stories = {k: Cluster.from_dict(k, v) for k, v in state["stories"].items()}
    c.storylines = {k: Storyline.from_dict(k, v) for k, v in state["storylines"].items()}
    c.index = state["index"]
    c.line_index = state.get("line_index", {})
    c.line_merged = state.get("line_merged", {})
    del state
    vecs = np.load(args.scale_from / "ann.npy")
    labels = json.loads((args.scale_from / "ann_labels.json").read_text())
    real_n = len(labels)
    vecs = vecs[:real_n]
    print(json.dumps({"loaded_real_articles": real_n, "rss_mb": round(rss_mb()), "stories": len(c.stories),
                      "vocab": len(c.df.counts)}), flush=True)
    for r in range(1, args.replicas):
        replicate(c, r)
    c.df.n *= args.replicas
    print(json.dumps({"replicated": args.replicas, "rss_mb": round(rss_mb()), "stories": len(c.stories),
                      "storylines": len(c.storylines), "vocab": len(c.df.counts), "index_keys": len(c.index),
                      "elapsed_s": round(time.time() - t_start)}), flush=True)
    index = faiss.IndexHNSWFlat(args.dim, 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efSearch = 64  # as in stories.ann.AnnIndex
    index.hnsw.efConstruction = args.ef_construction
    nrng = np.random.default_rng(2)
    for r in range(args.replicas):
        if r == 0:
            chunk = vecs
        else:  # the same vectors jittered: neighbourhoods as dense as a real corpus of this size
            chunk = vecs + 0.05 * nrng.standard_normal(vecs.shape, dtype=np.float32)
            chunk /= np.linalg.norm(chunk, axis=1, keepdims=True)
        index.add(chunk)
        c.ann._labels.extend(labels if r == 0 else [sid + f"~{r}" for sid in labels])
        print(json.dumps({"ann_vectors": index.ntotal, "rss_mb": round(rss_mb()),
                          "elapsed_s": round(time.time() - t_start)}), flush=True)
    c.ann._index = index
    del vecs, chunk
    gc.collect()
    c._dirty = {}
    stored = real_n * args.replicas
    rss = rss_mb()
    print(json.dumps({"stored": stored, "rss_mb": round(rss), "kb_per_article": round(rss * 1024 / stored, 2),
                      "elapsed_s": round(time.time() - t_start)}), flush=True)
    rng = random.Random(2)
    lat, cpu = [], []
    save = None
    for i in range(args.window):
        b = rng.randrange(len(bases))
        feats = extract_features(synthesise(stored + i, bases[b], rng))
        emb = centres[b] + 0.5 * nrng.standard_normal(args.dim).astype(np.float32)
        feats.embedding = emb / np.linalg.norm(emb)
        t0, c0 = time.perf_counter(), time.thread_time()
        c.assign_features(f"new{i}", feats)
        lat.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
        if i + 1 == args.batch:
            save = save_batch_cost(c, args.scale_from / "batch-save.db")
    w = np.array(lat) * 1000
    cw = np.array(cpu) * 1000
    print(json.dumps({"stored": stored, "articles": len(w), "cpu_ms_mean": round(float(cw.mean()), 2),
                      "cpu_ms_p50": round(float(np.median(cw)), 2),
                      "cpu_ms_p95": round(float(np.percentile(cw, 95)), 2),
                      "ms_mean": round(float(w.mean()), 2),
                      "ms_p50": round(float(np.median(w)), 2),
                      "ms_p95": round(float(np.percentile(w, 95)), 2),
                      "rss_mb": round(rss_mb()), "batch_save": save}), flush=True)


def restart(args: argparse.Namespace) -> None:
    """Time ``Corpus(store)`` on a store of ``--restart`` vectors: rebuilt, from the snapshot, topped up."""
    from babelwire.corpus import ANN_SNAPSHOT, STORIES_STATE, Corpus
    from babelwire.stories import persistence

    folder = args.restart_dir
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "restart.db"
    for old in folder.glob("restart.db*"):
        old.unlink()
    rng = np.random.default_rng(5)

    def store_vectors(store: SQLiteStore, start: int, n: int) -> None:
        for lo in range(start, start + n, 10_000):
            m = min(10_000, start + n - lo)
            vecs = rng.standard_normal((m, args.dim)).astype(np.float32)
            vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
            items = {persistence.ann_key(lo + i): [f"S{(lo + i) // 3:012x}", persistence.pack(v)]
                     for i, v in enumerate(vecs)}
            with store.transaction():
                store.save_state_items(STORIES_STATE, {"v": persistence.VERSION, "n": lo + m}, ())
                store.save_state_items(STORIES_STATE, items)

    def opened(label: str) -> Corpus:
        gc.collect()
        t0 = time.perf_counter()
        corpus = Corpus(SQLiteStore(db))
        row = {"restart": label, "s": round(time.perf_counter() - t0, 2), **vars(corpus.ann_restore),
               "rss_mb": round(rss_mb())}
        print(json.dumps(row), flush=True)
        return corpus

    store = SQLiteStore(db)
    store_vectors(store, 0, args.restart)
    t0 = time.perf_counter()
    store.load_state_items(STORIES_STATE)
    print(json.dumps({"stored_vectors": args.restart, "dim": args.dim,
                      "db_mb": round(db.stat().st_size / 2**20),
                      "read_items_s": round(time.perf_counter() - t0, 2)}), flush=True)
    store.close()
    corpus = opened("no snapshot (rebuild)")
    t0 = time.perf_counter()
    size = corpus.save_snapshot() or 0
    snapshot = Path(f"{db}.{ANN_SNAPSHOT}")
    print(json.dumps({"snapshot_write_s": round(time.perf_counter() - t0, 2), "snapshot": str(snapshot),
                      "snapshot_mb": round(size / 2**20, 1), "bytes_per_vector": round(size / args.restart)}),
          flush=True)
    corpus.store.close()
    del corpus
    opened("snapshot").store.close()
    from babelwire.stories.ann import AnnIndex

    t0 = time.perf_counter()
    AnnIndex.load(snapshot)
    print(json.dumps({"snapshot_load_alone_s": round(time.perf_counter() - t0, 2)}), flush=True)
    if args.topup:
        store = SQLiteStore(db)
        store_vectors(store, args.restart, args.topup)
        store.close()
        opened(f"snapshot + {args.topup} stored after it").store.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--restart", type=int, help="time a restart with this many stored vectors (see restart)")
    ap.add_argument("--topup", type=int, default=1000,
                    help="with --restart: vectors stored after the snapshot")
    ap.add_argument("--restart-dir", type=Path, default=Path("/tmp/bench-restart"))
    ap.add_argument("--scale-from", type=Path, help="a --save folder: grow its state and measure (see scale)")
    ap.add_argument("--replicas", type=int, default=10)
    ap.add_argument("--ef-construction", type=int, default=16,
                    help="HNSW build effort of the synthesised index (the clusterer's faiss default is 40)")
    ap.add_argument("--batch", type=int, default=50, help="articles in the batch whose state save is timed")
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--total", type=int, default=100_000)
    ap.add_argument("--checkpoints", default="1000,10000,100000")
    ap.add_argument("--window", type=int, default=500)
    ap.add_argument("--bases", type=int, default=20000)
    ap.add_argument("--dim", type=int, default=512)
    ap.add_argument("--encoder", action="store_true", help="also time the packaged encoder per article")
    ap.add_argument("--cached-features", action="store_true",
                    help="extract each base text's features once and perturb them per copy (see perturbed)")
    ap.add_argument("--save", type=Path,
                    help="write the final state here (state.json, ann.npy, ann_labels.json)")
    args = ap.parse_args()
    if args.restart:
        restart(args)
        return
    if args.scale_from:
        scale(args)
        return
    rng = random.Random(1)
    nrng = np.random.default_rng(1)
    bases = base_texts(args.data, args.bases)
    centres = nrng.standard_normal((len(bases), args.dim)).astype(np.float32)
    checkpoints = sorted(int(c) for c in args.checkpoints.split(","))
    clusterer = StoryClusterer(embedder=None)
    print(f"{len(bases)} base texts; RSS at start {rss_mb():.0f} MB", flush=True)
    lat: list[float] = []
    ann_vecs = np.zeros((args.total, args.dim), dtype=np.float32) if args.save else None
    ann_labels: list[str] = []
    cache: dict[int, ArticleFeatures] = {}
    feat_time = 0.0
    start = time.time()
    for i in range(args.total):
        b = rng.randrange(len(bases))
        t0 = time.perf_counter()
        if args.cached_features:
            if b not in cache:
                cache[b] = extract_features(synthesise(i, bases[b], random.Random(b)))
            feats = perturbed(cache[b], rng)
        else:
            feats = extract_features(synthesise(i, bases[b], rng))
        feat_time += time.perf_counter() - t0
        emb = centres[b] + 0.5 * nrng.standard_normal(args.dim).astype(np.float32)
        feats.embedding = emb / np.linalg.norm(emb)
        t0 = time.perf_counter()
        sid, _ = clusterer.assign_features(f"syn{i}", feats)
        lat.append(time.perf_counter() - t0)
        if ann_vecs is not None:
            ann_vecs[i] = feats.embedding
            ann_labels.append(sid)
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
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        np.save(args.save / "ann.npy", ann_vecs)
        (args.save / "ann_labels.json").write_text(json.dumps(ann_labels))
        with open(args.save / "state.json", "w", encoding="utf-8") as fh:
            json.dump(clusterer.state(), fh, ensure_ascii=False)
        print(f"saved to {args.save}", flush=True)
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
