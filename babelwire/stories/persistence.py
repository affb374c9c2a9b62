"""The story clusterer's state as items, so that a store writes per batch only what the batch changed.

Items (key -> JSON value), written by :func:`take_changes`, read by :func:`restore`:

* ``"v"`` -> format version; ``"n"`` -> number of articles counted in the document frequencies;
* ``"d:<family|key>"`` -> document frequency of one feature key;
* ``"s:<story id>"`` / ``"l:<storyline id>"`` -> a cluster (``Cluster.to_dict`` with exact floats and the
  embedding sum as base64 float32, so a resumed clusterer decides exactly as one that ran on);
* ``"i:<family|key>"`` -> the posting list of one index key;
* ``"j:<family|key>"`` -> the storylines posted under one entity or name key;
* ``"m:<storyline id>"`` -> the storyline a merged-away storyline went into;
* ``"a:<position>"`` -> one vector of the nearest-neighbour index: [cluster id, base64 float32].

The clusterer records what changed through ``StoryClusterer._touch(kind, key)`` with the kinds below.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

import numpy as np

from babelwire.stories.similarity import DocFreq

if TYPE_CHECKING:
    from babelwire.stories.clusterer import Cluster, StoryClusterer
    from babelwire.stories.storylines import Storyline

VERSION = 4
DF, STORY, STORYLINE, INDEX, ANN = "df", "story", "storyline", "index", "ann"
LINE_INDEX, LINE_MERGE = "line_index", "line_merge"
EXACT_ANN_REBUILD = 50_000  # up to this many vectors the ANN index is rebuilt one vector at a time


def pack(vec: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(vec, dtype=np.float32).tobytes()).decode("ascii")


def unpack(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=np.float32).copy()


def encode_cluster(c: Cluster) -> dict[str, Any]:
    d = c.to_dict()
    d["vecs"] = {f: dict(vec) for f, vec in c.vecs.items()}  # not rounded: a resumed run must agree
    d["emb"] = None if c.emb is None else pack(c.emb)
    return d


def decode_cluster(cid: str, d: dict[str, Any]) -> Cluster:
    from babelwire.stories.clusterer import Cluster

    d = dict(d)
    if isinstance(d.get("emb"), str):
        d["emb"] = unpack(d["emb"])
    return Cluster.from_dict(cid, d)


def encode_storyline(line: Storyline) -> dict[str, Any]:
    d = line.to_dict()
    d["embs"] = {lang: pack(e) for lang, e in line.embs.items()}
    return d


def decode_storyline(lid: str, d: dict[str, Any]) -> Storyline:
    from babelwire.stories.storylines import Storyline

    d = dict(d)
    d["embs"] = {lang: unpack(e) if isinstance(e, str) else e for lang, e in d.get("embs", {}).items()}
    return Storyline.from_dict(lid, d)


def take_changes(c: StoryClusterer) -> tuple[dict[str, Any], set[str]]:
    """Items changed since the last call and item keys deleted (a touched entry that no longer exists)."""
    dirty, c._dirty = c._dirty, {}
    changed: dict[str, Any] = {}
    deleted: set[str] = set()
    if not dirty:
        return changed, deleted
    changed["v"] = VERSION
    changed["n"] = c.df.n
    for key in dirty.get(DF, ()):
        count = c.df.counts.get(key)
        if count:
            changed["d:" + key] = count
        else:
            deleted.add("d:" + key)
    for cid in dirty.get(STORY, ()):
        if cid in c.stories:
            changed["s:" + cid] = encode_cluster(c.stories[cid])
        else:
            deleted.add("s:" + cid)
    for lid in dirty.get(STORYLINE, ()):
        if lid in c.storylines:
            changed["l:" + lid] = encode_storyline(c.storylines[lid])
        else:
            deleted.add("l:" + lid)
    for kind, prefix, index in ((INDEX, "i:", c.index), (LINE_INDEX, "j:", c.line_index)):
        for key in dirty.get(kind, ()):
            if index.get(key):
                changed[prefix + key] = list(index[key])
            else:
                deleted.add(prefix + key)
    for old in dirty.get(LINE_MERGE, ()):
        changed["m:" + old] = c.line_merged[old]
    ann = c.ann._index
    for pos in sorted(int(p) for p in dirty.get(ANN, ())):
        changed[f"a:{pos:010d}"] = [c.ann._labels[pos], pack(ann.reconstruct(pos))]
    return changed, deleted


def restore(c: StoryClusterer, state: dict[str, Any]) -> None:
    """Fill a fresh clusterer from items; a whole-state dict (the format before items), already read by
    the constructor, is instead marked changed throughout, so the next :func:`take_changes` migrates it."""
    if state.get("v") not in (3, VERSION):  # 3: the same items before storylines had centroids
        if state:
            mark_all(c)
        return
    counts: dict[str, int] = {}
    vectors: list[tuple[str, str, str]] = []
    for key, value in state.items():
        kind, _, rest = key.partition(":")
        if kind == "d":
            counts[rest] = value
        elif kind == "s":
            c.stories[rest] = decode_cluster(rest, value)
        elif kind == "l":
            c.storylines[rest] = decode_storyline(rest, value)
        elif kind == "i":
            c.index[rest] = list(value)
        elif kind == "j":
            c.line_index[rest] = list(value)
        elif kind == "m":
            c.line_merged[rest] = value
        elif kind == "a":
            vectors.append((rest, value[0], value[1]))
    c.df = DocFreq(counts, int(state.get("n", 0)))
    vectors.sort()
    if len(vectors) <= EXACT_ANN_REBUILD:
        for _, label, packed in vectors:  # the same adds in the same order: the same HNSW graph
            c.ann.add(unpack(packed), label)
    elif vectors:  # one batched add: much faster, but its graph (so rarely a neighbour) may differ
        matrix = np.stack([unpack(p) for _, _, p in vectors])
        c.ann.add(matrix[0], vectors[0][1])
        c.ann._index.add(matrix[1:])
        c.ann._labels.extend(label for _, label, _ in vectors[1:])
    c._dirty = {}


def mark_all(c: StoryClusterer) -> None:
    """Every entry counts as changed (to write a whole state as items once)."""
    c._dirty = {DF: set(c.df.counts), STORY: set(c.stories), STORYLINE: set(c.storylines),
                INDEX: set(c.index), LINE_INDEX: set(c.line_index), LINE_MERGE: set(c.line_merged),
                ANN: {str(i) for i in range(len(c.ann._labels))}}
