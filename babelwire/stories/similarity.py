"""Pairwise article similarity: sparse cross-lingual features, time, an optional embedding, learned weights.

``pair_vector`` turns two feature sets (or an article and a cluster centroid) into a short vector of
evidence; ``weights.py`` holds the linear models learned from it (``scripts/fit_stories.py``).
``article_similarity`` scores two analysed articles; ``score_pairs`` serves
``babelwire similarity PAIRS.jsonl --articles ARTICLES.jsonl``.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from babelwire.model import Analysis
from babelwire.stories import weights
from babelwire.stories.embedding import Embedder, default_embedder, embed
from babelwire.stories.features import FAMILIES, ArticleFeatures, extract_features

SparseVec = dict[str, float]
FEATURE_NAMES = ("cos_w", "cos_n", "cos_d", "cos_emb", "no_emb", "day_gap", "no_day", "same_lang",
                 "min_w", "min_n")
NO_EMB = FEATURE_NAMES.index("no_emb")


class DocFreq:
    """Document frequencies of feature keys (``family|key``), counted online; gives smoothed IDF."""

    def __init__(self, counts: Mapping[str, int] | None = None, n: int = 0) -> None:
        self.counts: Counter[str] = Counter(counts or {})
        self.n = n

    def add(self, feats: ArticleFeatures) -> None:
        self.n += 1
        for fam, bag in feats.bags.items():
            for k in bag:
                self.counts[f"{fam}|{k}"] += 1

    def idf(self, fam: str, key: str) -> float:
        if self.n < 20:  # too few documents to tell common from rare: weigh all keys alike
            return 1.0
        return math.log((self.n + 1) / (self.counts.get(f"{fam}|{key}", 0) + 1)) + 0.1


def weighted(feats: ArticleFeatures, fam: str, df: DocFreq | None) -> SparseVec:
    """Unit-length TF-IDF vector of one family (sublinear tf)."""
    vec = {}
    for k, tf in feats.bags.get(fam, {}).items():
        if tf > 0:
            vec[k] = (1.0 + math.log(tf)) * (df.idf(fam, k) if df else 1.0)
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm > 0 else {}


def article_vectors(feats: ArticleFeatures, df: DocFreq | None) -> dict[str, SparseVec]:
    return {fam: weighted(feats, fam, df) for fam in FAMILIES}


def cosine(u: Mapping[str, float], v: Mapping[str, float]) -> float:
    """Cosine of two sparse vectors (the shorter one is iterated)."""
    if len(u) > len(v):
        u, v = v, u
    dot = sum(x * v.get(k, 0.0) for k, x in u.items())
    if not dot:
        return 0.0
    nu = math.sqrt(sum(x * x for x in u.values()))
    nv = math.sqrt(sum(x * x for x in v.values()))
    return dot / (nu * nv) if nu and nv else 0.0


def dot_over(u: Mapping[str, float], v: Mapping[str, float], norm_v: float) -> float:
    """Cosine of a unit vector ``u`` with ``v`` of known norm, iterating over ``u`` only."""
    if not norm_v:
        return 0.0
    get = v.get
    return sum(x * get(k, 0.0) for k, x in u.items()) / norm_v


def day_gap(day: int | None, first: int | None, last: int | None) -> float | None:
    """Days between a date and a [first, last] span (0 inside it), or None when a date is missing."""
    if day is None or first is None or last is None:
        return None
    return float(max(0, first - day, day - last))


def pair_vector(vecs_a: Mapping[str, SparseVec], vecs_b: Mapping[str, SparseVec],
                emb_a: np.ndarray | None, emb_b: np.ndarray | None, gap: float | None,
                same_lang: bool, norms_b: Mapping[str, float] | None = None) -> np.ndarray:
    """The evidence that two articles (or an article and a cluster) tell one story, as in FEATURE_NAMES.

    ``vecs_a`` must be unit vectors when ``norms_b`` (the norms of ``vecs_b``) is given.
    """
    if norms_b is not None:
        cw, cn, cd = (dot_over(vecs_a[f], vecs_b.get(f, {}), norms_b.get(f, 0.0)) for f in ("w", "n", "d"))
    else:
        cw, cn, cd = (cosine(vecs_a[f], vecs_b.get(f, {})) for f in ("w", "n", "d"))
    if emb_a is not None and emb_b is not None:
        nb = float(np.linalg.norm(emb_b))
        ce, no_emb = (float(np.dot(emb_a, emb_b)) / nb if nb else 0.0), 0.0
    else:
        ce, no_emb = 0.0, 1.0
    g, no_day = (0.0, 1.0) if gap is None else (math.log1p(gap), 0.0)
    return np.array([cw, cn, cd, ce, no_emb, g, no_day, float(same_lang), min(cw, cn), min(cn, cd)],
                    dtype=np.float64)


def linear(x: np.ndarray, model: Mapping[str, Any]) -> float:
    """``bias + w·x`` for a model stored in :mod:`babelwire.stories.weights`."""
    return float(model["bias"] + np.dot(np.asarray(model["w"], dtype=np.float64), x))


def logistic(x: np.ndarray, model: Mapping[str, Any]) -> float:
    z = linear(x, model)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _pair(fa: ArticleFeatures, fb: ArticleFeatures, df: DocFreq | None) -> np.ndarray:
    gap = day_gap(fa.day, fb.day, fb.day)
    return pair_vector(article_vectors(fa, df), article_vectors(fb, df), fa.embedding, fb.embedding, gap,
                       fa.lang == fb.lang)


def similarity_of_features(fa: ArticleFeatures, fb: ArticleFeatures, df: DocFreq | None = None) -> float:
    """Similarity in [0, 1] of two feature sets (a calibrated linear model of human similarity ratings)."""
    x = _pair(fa, fb, df)
    return min(1.0, max(0.0, linear(x, weights.SIMILARITY if x[NO_EMB] == 0 else weights.SIMILARITY_NO_EMB)))


def article_similarity(a: Analysis, b: Analysis, embedder: Embedder | None = None,
                       df: DocFreq | None = None) -> float:
    """Similarity of two analysed articles in [0, 1], higher meaning more similar.

    Without a corpus (``df``) all feature keys weigh alike; ``embedder`` defaults to the packaged one.
    """
    embedder = embedder if embedder is not None else default_embedder()
    ea, eb = embed([a, b], embedder)
    return similarity_of_features(extract_features(a, ea), extract_features(b, eb), df)


def _read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def score_pairs(pairs_path: str | Path, articles_path: str | Path,
                embedder: Embedder | None = None) -> Iterator[dict[str, Any]]:
    """One ``{"id1", "id2", "score"}`` per line of ``pairs_path``, scoring articles from ``articles_path``.

    Articles go through the per-article analysis; document frequencies come from the articles file
    itself, so rare shared names and numbers count more than common words. A pair whose article is
    missing scores 0.
    """
    from babelwire.ingest import read_sources
    from babelwire.model import Article
    from babelwire.pipeline import analyze_article

    embedder = embedder if embedder is not None else default_embedder()
    analyses = [analyze_article(item) for item in read_sources([str(articles_path)])
                if isinstance(item, Article)]
    feats: dict[str, ArticleFeatures] = {}
    for start in range(0, len(analyses), 256):
        chunk = analyses[start:start + 256]
        for a, e in zip(chunk, embed(chunk, embedder), strict=False):
            feats[a.id] = extract_features(a, e)
    df = DocFreq()
    for f in feats.values():
        df.add(f)
    for pair in _read_jsonl(pairs_path):
        id1, id2 = str(pair["id1"]), str(pair["id2"])
        fa, fb = feats.get(id1), feats.get(id2)
        score = similarity_of_features(fa, fb, df) if fa and fb else 0.0
        yield {"id1": pair["id1"], "id2": pair["id2"], "score": round(score, 6)}


def top_shared(fa: ArticleFeatures, fb: ArticleFeatures, fam: str, df: DocFreq | None,
               n: int = 10) -> list[tuple[str, float]]:
    """The shared keys of one family that add most to the cosine, with their contributions."""
    va, vb = weighted(fa, fam, df), weighted(fb, fam, df)
    shared = [(k, va[k] * vb[k]) for k in va.keys() & vb.keys()]
    return sorted(shared, key=lambda kv: -kv[1])[:n]


def features_for(analyses: Iterable[Analysis], embedder: Embedder | None) -> list[ArticleFeatures]:
    """Features (with embeddings, batched) of several articles."""
    items = list(analyses)
    return [extract_features(a, e) for a, e in zip(items, embed(items, embedder), strict=False)]
