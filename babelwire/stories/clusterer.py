"""Online story and storyline clustering, in arrival order, in time that does not grow with the corpus.

Each new article is compared only with candidate clusters: those found through an inverted index
from its most telling feature keys (names, numbers, dates, rare terms; the most recent clusters per
key) and through an approximate-nearest-neighbour index of embeddings. A learned logistic model
(``weights.STORY``) decides whether it joins the best candidate story or starts a new one
(Miranda et al. 2018). A new story joins a storyline (a coarser cluster of related stories over
time, see :mod:`babelwire.stories.storylines`) found through the article's entities and names, when a
second model (``weights.STORYLINE``) finds it related enough; storylines that meet later are merged.
The state is JSON-serialisable (whole, or as items a store writes per batch: ``persistence``).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np

from babelwire.model import Analysis
from babelwire.stories import persistence, weights
from babelwire.stories import storylines as sl
from babelwire.stories.ann import AnnIndex
from babelwire.stories.embedding import Embedder, default_embedder, embed
from babelwire.stories.features import FAMILIES, ArticleFeatures, extract_features
from babelwire.stories.similarity import (
    FEATURE_NAMES,
    NO_EMB,
    DocFreq,
    SparseVec,
    article_vectors,
    logistic,
    pair_vector,
)

INDEX_KEYS = 24  # an article's most telling keys used to look up candidates
POSTINGS = 40  # clusters remembered per key (the most recent ones)
CANDIDATES = 24  # clusters scored in full per article
ANN_NEIGHBOURS = 12
# One story is one event: an article dated more than this many days from a story's span does not join it
# (it may join its storyline). The learned story model cannot tell: its training pairs (translations)
# carry no dates. Follow-ups weeks later are new stories of the same storyline.
STORY_MAX_GAP_DAYS = 7
_MAX_LOG_GAP = math.log1p(STORY_MAX_GAP_DAYS)
CENTROID_KEYS = 400  # keys kept per family in a cluster centroid
_DEFAULT = object()
DAY_GAP = FEATURE_NAMES.index("day_gap")


class Cluster:
    """A story or a storyline: summed unit feature vectors, summed embedding, size, time span, languages."""

    __slots__ = ("id", "vecs", "emb", "n", "first", "last", "langs", "parent", "norms", "emb_norm")

    def __init__(self, id: str, parent: str | None = None) -> None:
        self.id = id
        self.vecs: dict[str, SparseVec] = {fam: {} for fam in FAMILIES}
        self.emb: np.ndarray | None = None
        self.n = 0
        self.first: int | None = None
        self.last: int | None = None
        self.langs: Counter[str] = Counter()
        self.parent = parent  # the storyline of a story
        self.norms: dict[str, float] = {}
        self.emb_norm = 0.0

    def _renorm(self) -> None:
        self.norms = {f: math.sqrt(sum(v * v for v in vec.values())) for f, vec in self.vecs.items()}
        self.emb_norm = float(np.linalg.norm(self.emb)) if self.emb is not None else 0.0

    def add(self, vecs: dict[str, SparseVec], emb: np.ndarray | None, day: int | None, lang: str) -> None:
        for fam, vec in vecs.items():
            cen = self.vecs.setdefault(fam, {})
            for k, v in vec.items():
                cen[k] = cen.get(k, 0.0) + v
            if len(cen) > CENTROID_KEYS * 3 // 2:  # prune the weakest keys, amortised
                keep = sorted(cen.items(), key=lambda kv: -kv[1])[:CENTROID_KEYS]
                self.vecs[fam] = dict(keep)
        if emb is not None:
            self.emb = emb.astype(np.float32) if self.emb is None else self.emb + emb
        self.n += 1
        if day is not None:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)
        self.langs[lang] += 1
        self._renorm()

    def unit_emb(self) -> np.ndarray | None:
        if self.emb is None:
            return None
        norm = float(np.linalg.norm(self.emb))
        return self.emb / norm if norm else None

    def to_dict(self) -> dict[str, Any]:
        return {"vecs": {f: {k: round(v, 5) for k, v in vec.items()} for f, vec in self.vecs.items()},
                "emb": None if self.emb is None else [round(float(x), 5) for x in self.emb],
                "n": self.n, "first": self.first, "last": self.last, "langs": dict(self.langs),
                "parent": self.parent}

    @classmethod
    def from_dict(cls, id: str, d: dict[str, Any]) -> Cluster:
        c = cls(id, d.get("parent"))
        c.vecs = {f: dict(v) for f, v in d.get("vecs", {}).items()}
        c.emb = None if d.get("emb") is None else np.asarray(d["emb"], dtype=np.float32)
        c.n, c.first, c.last = d.get("n", 0), d.get("first"), d.get("last")
        c.langs = Counter(d.get("langs", {}))
        c._renorm()
        return c


def _new_id(prefix: str, seed: str) -> str:
    return prefix + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]


class StoryClusterer:
    """Assigns ``story_id`` and ``storyline_id`` to each article as it arrives."""

    def __init__(self, state: dict[str, Any] | None = None,
                 embedder: Embedder | None | object = _DEFAULT) -> None:
        state = state or {}
        self.embedder: Embedder | None = default_embedder() if embedder is _DEFAULT else embedder  # type: ignore
        df = state.get("df", {})
        self.df = DocFreq(df.get("counts", {}), df.get("n", 0))
        self.stories = {k: Cluster.from_dict(k, v) for k, v in state.get("stories", {}).items()}
        self.storylines = {k: sl.Storyline.from_dict(k, v) for k, v in state.get("storylines", {}).items()}
        self.index: dict[str, list[str]] = {k: list(v) for k, v in state.get("index", {}).items()}
        # entity/name key -> storylines posted under it; storyline merged away -> the one it went into
        self.line_index: dict[str, list[str]] = {k: list(v) for k, v in state.get("line_index", {}).items()}
        self.line_merged: dict[str, str] = dict(state.get("line_merged", {}))
        self.observer: Callable[[str, Cluster, np.ndarray], None] | None = None  # sees every scored candidate
        self.ann = AnnIndex()
        for sid, story in self.stories.items():  # the ANN index is rebuilt from story centroids
            emb = story.unit_emb()
            if emb is not None:
                self.ann.add(emb, sid)
        self._dirty: dict[str, set[str]] = {}  # kind -> keys changed since take_changes (see _touch)
        persistence.restore(self, state)  # state items (see persistence) or, before them, one dict

    @classmethod
    def from_items(cls, items: dict[str, Any],
                   embedder: Embedder | None | object = _DEFAULT) -> StoryClusterer:
        """A clusterer resumed from the items :meth:`take_changes` handed out (all of them, merged)."""
        return cls(items, embedder)

    # ------------------------------------------------------------------ public interface
    def assign(self, analysis: Analysis) -> Analysis:
        """The analysis with ``story_id`` and ``storyline_id`` set; updates the clusters."""
        emb = embed([analysis], self.embedder)[0]
        story_id, line_id = self.assign_features(analysis.id, extract_features(analysis, emb))
        return analysis.with_(story_id=story_id, storyline_id=line_id)

    def assign_features(self, article_id: str, feats: ArticleFeatures) -> tuple[str, str]:
        """Cluster one article given its features; returns (story id, storyline id).

        The article joins the most probable candidate story (``weights.STORY``) when that probability
        reaches ``STORY_THRESHOLD``. A new story joins the most probable candidate storyline
        (``weights.STORYLINE`` over :func:`storylines.evidence`) or starts one; see :mod:`storylines`.
        A storyline id handed out may later be merged into another: :meth:`resolve_storyline` follows it.
        """
        self.df.add(feats)
        for fam, bag in feats.bags.items():
            for k in bag:
                self._touch("df", f"{fam}|{k}")
        vecs = article_vectors(feats, self.df)
        top = self._top_keys(vecs)
        neighbours = self.ann.search(feats.embedding, ANN_NEIGHBOURS) if feats.embedding is not None else []
        cands = self._candidates(top, [sid for sid, _ in neighbours])
        scored = [(c, x) for c, x in self._score(cands, vecs, feats) if x[DAY_GAP] <= _MAX_LOG_GAP]
        story, p = self._pick(scored, (weights.STORY, weights.STORY_NO_EMB), "story")
        parts = sl.storyline_parts(vecs, feats.lang)
        if story is None or p < weights.STORY_THRESHOLD:
            story = Cluster(_new_id("S", article_id))
            self.stories[story.id] = story
            self._touch("story", story.id)
            line = self._storyline_for(parts, feats, cands)
            if line is None:
                line = sl.Storyline(_new_id("L", article_id))
                self.storylines[line.id] = line
            story.parent = line.id
        line = self.storylines[self.resolve_storyline(story.parent)]  # type: ignore[arg-type]
        story.parent = line.id
        story.add(vecs, feats.embedding, feats.day, feats.lang)
        self._touch("story", story.id)
        line.add(parts, feats.embedding, feats.day, feats.lang)
        self._touch("storyline", line.id)
        self._post(self.index, top, story.id)
        self._post(self.line_index, sl.index_keys(parts), line.id, "line_index")
        if feats.embedding is not None:
            self.ann.add(feats.embedding, story.id)
            self._touch("ann", str(len(self.ann) - 1))
        if line.n >= sl.MERGE_MIN and line.n % sl.MERGE_EVERY == 0:
            line = self._merge_related(line)
        return story.id, line.id

    def resolve_storyline(self, line_id: str) -> str:
        """The storyline a (possibly since merged) storyline id belongs to now."""
        while line_id in self.line_merged:
            line_id = self.line_merged[line_id]
        return line_id

    def storyline_merges(self) -> dict[str, str]:
        """Every storyline id merged away -> the storyline it resolves to now."""
        return {old: self.resolve_storyline(old) for old in self.line_merged}

    def state(self) -> dict[str, Any]:
        """JSON-serialisable state; ``StoryClusterer(state)`` resumes from it."""
        return {"version": 2, "df": {"n": self.df.n, "counts": dict(self.df.counts)},
                "stories": {k: c.to_dict() for k, c in self.stories.items()},
                "storylines": {k: c.to_dict() for k, c in self.storylines.items()},
                "index": self.index, "line_index": self.line_index, "line_merged": self.line_merged}

    def take_changes(self) -> tuple[dict[str, Any], set[str]]:
        """State items changed since the last call (key -> JSON value) and item keys deleted since;
        ``StoryClusterer(items)`` resumes from all items. Layout in :mod:`babelwire.stories.persistence`."""
        return persistence.take_changes(self)

    def _touch(self, kind: str, key: str) -> None:
        """Record that one entry of the state changed: kind "df" (a ``family|key``), "story",
        "storyline" (an id), "index" / "line_index" (a key), "line_merge" (a merged-away storyline id),
        "ann" (a vector's position)."""
        self._dirty.setdefault(kind, set()).add(key)

    # ------------------------------------------------------------------ internals
    @staticmethod
    def _top_keys(vecs: dict[str, SparseVec]) -> list[str]:
        """The article's most telling keys over all families (highest TF-IDF weight first)."""
        scored = [(v, f"{fam}|{k}") for fam, vec in vecs.items() for k, v in vec.items()]
        scored.sort(reverse=True)
        return [k for _, k in scored[:INDEX_KEYS]]

    def _post(self, index: dict[str, list[str]], keys: list[str], cid: str, kind: str = "index") -> None:
        for key in keys:
            self._touch(kind, key)
            posting = index.setdefault(key, [])
            if cid in posting[-8:]:
                posting.remove(cid)
            posting.append(cid)
            if len(posting) > POSTINGS:
                del posting[0]

    def _storyline_for(self, parts: dict[str, SparseVec], feats: ArticleFeatures,
                       cands: list[Cluster]) -> sl.Storyline | None:
        """The most probable storyline of a new story among those sharing the article's entities and
        names or holding its candidate stories; None when none reaches ``STORYLINE_THRESHOLD``."""
        hits: Counter[str] = Counter()
        for key in sl.index_keys(parts):
            for lid in self.line_index.get(key, ()):
                hits[self.resolve_storyline(lid)] += 1.0
        for c in cands:
            if c.parent is not None:
                hits[self.resolve_storyline(c.parent)] += 1.0
        best, best_p = None, 0.0
        for lid, _ in hits.most_common(CANDIDATES):
            line = self.storylines.get(lid)
            if line is None:
                continue
            x = sl.evidence(parts, feats.embedding, feats.day, feats.lang, line)
            if not sl.enough_evidence(x):
                continue
            if self.observer is not None:
                self.observer("storyline", line, x)
            p = logistic(x, weights.STORYLINE if feats.embedding is not None else weights.STORYLINE_NO_EMB)
            if p > best_p:
                best, best_p = line, p
        return best if best is not None and best_p >= weights.STORYLINE_THRESHOLD else None

    def _merge_related(self, line: sl.Storyline) -> sl.Storyline:
        """Merge storylines whose entity or name centroids have come close to ``line``'s
        (:func:`storylines.merge_similarity`; a local revisit: only storylines posted under its strongest
        entities and names are looked at); returns the surviving storyline."""
        near = {self.resolve_storyline(lid) for fam in ("e", "n") for key in line.top(fam, sl.INDEX_KEYS)
                for lid in self.line_index.get(f"{fam}|{key}", ())}
        for lid in sorted(near - {line.id}):
            other = self.storylines.get(lid)
            if other is None or other.n < sl.MERGE_MIN:
                continue
            if sl.merge_similarity(line, other) < sl.merge_threshold(line, other):
                continue
            big, small = (line, other) if (line.n, other.id) >= (other.n, line.id) else (other, line)
            big.absorb(small)
            del self.storylines[small.id]
            self.line_merged[small.id] = big.id
            self._touch("storyline", small.id)
            self._touch("storyline", big.id)
            self._touch("line_merge", small.id)
            line = big
        return line

    def _candidates(self, keys: list[str], extra: list[str]) -> list[Cluster]:
        """Stories sharing the article's most telling keys (recent ones first) or nearest in embedding."""
        hits: Counter[str] = Counter()
        for rank, key in enumerate(keys):
            for cid in self.index.get(key, ()):
                hits[cid] += 1.0 / math.sqrt(rank + 1)
        for cid in extra:
            hits[cid] += 2.0
        return [self.stories[cid] for cid, _ in hits.most_common(CANDIDATES) if cid in self.stories]

    @staticmethod
    def _score(cands: list[Cluster], vecs: dict[str, SparseVec], feats: ArticleFeatures
               ) -> list[tuple[Cluster, np.ndarray]]:
        return [(c, pair_vector(vecs, c.vecs, feats.embedding, c.emb, _gap(feats.day, c.first, c.last),
                                c.langs.get(feats.lang, 0) > 0, c.norms)) for c in cands]

    def _pick(self, scored: list[tuple[Cluster, np.ndarray]], models: tuple[dict[str, Any], dict[str, Any]],
              level: str) -> tuple[Cluster | None, float]:
        """The most probable candidate and its probability (models: with, without embeddings)."""
        best, best_p = None, 0.0
        for c, x in scored:
            p = logistic(x, models[0] if x[NO_EMB] == 0 else models[1])
            if self.observer is not None:
                self.observer(level, c, x)
            if p > best_p:
                best, best_p = c, p
        return best, best_p


def _gap(day: int | None, first: int | None, last: int | None) -> float | None:
    if day is None or first is None or last is None:
        return None
    return float(max(0, first - day, day - last))
