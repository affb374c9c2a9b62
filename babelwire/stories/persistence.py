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

The ``a:`` items are the source of truth for the nearest-neighbour index, but rebuilding its HNSW graph
from them is slow (about two minutes at 10^5 vectors). A store with room for a sidecar file keeps a
snapshot of the graph (:mod:`babelwire.stories.ann`): :func:`restore_ann` loads it when it agrees with
the items and adds only the vectors stored after it; :func:`save_ann_snapshot` writes it (``Corpus``
decides when).
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from babelwire.stories.ann import AnnIndex, SnapshotError
from babelwire.stories.similarity import DocFreq

if TYPE_CHECKING:
    from babelwire.stories.clusterer import Cluster, StoryClusterer
    from babelwire.stories.storylines import Storyline

VERSION = 4
DF, STORY, STORYLINE, INDEX, ANN = "df", "story", "storyline", "index", "ann"
LINE_INDEX, LINE_MERGE = "line_index", "line_merge"
EXACT_ANN_REBUILD = 50_000  # up to this many vectors the ANN index is rebuilt one vector at a time
ANN_START, ANN_STOP = "a:", "a;"  # the range of the ``a:`` keys (";" follows ":")
CHECKED_VECTORS = 8  # stored vectors compared with a snapshot's, spread over it (first and last included)
ItemLoader = Callable[[str, str], dict[str, Any]]  # (start, stop) -> the items with keys in [start, stop)
log = logging.getLogger(__name__)


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
    for pos in sorted(int(p) for p in dirty.get(ANN, ())):
        changed[ann_key(pos)] = [c.ann.labels[pos], pack(c.ann.vector(pos))]
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
    _add(c.ann, vectors)
    c._dirty = {}


def ann_key(pos: int) -> str:
    return f"a:{pos:010d}"


@dataclass(frozen=True)
class AnnRestore:
    """How :func:`restore_ann` rebuilt the nearest-neighbour index."""

    vectors: int  # vectors in the stored items
    from_snapshot: int  # of them loaded from the snapshot (0: rebuilt from the items)
    problem: str | None = None  # why a snapshot file that exists was not used


def restore_ann(c: StoryClusterer, load: ItemLoader, snapshot: Path | None = None) -> AnnRestore:
    """Fill the clusterer's (empty) nearest-neighbour index from the stored ``a:`` items, which ``load``
    reads by key range: from ``snapshot`` when that file exists and agrees with them (then only the
    items stored after it are read and added), else, with a logged warning when a snapshot was there
    but unusable, rebuilt from all of them."""
    if len(c.ann):
        raise ValueError("restore_ann fills an empty index")
    problem = None
    if snapshot is not None and snapshot.exists():
        try:
            ann = AnnIndex.load(snapshot)
            after = _check_snapshot(ann, load)
        except Exception as exc:  # SnapshotError, or anything else a bad file may cause: never fatal
            problem = str(exc) or type(exc).__name__
            log.warning("ANN snapshot %s not used (%s): rebuilding the index from the stored vectors",
                        snapshot, problem)
        else:
            loaded = len(ann)
            c.ann = ann
            _add(c.ann, after)
            return AnnRestore(loaded + len(after), loaded)
    vectors = _vectors(load(ANN_START, ANN_STOP))
    _add(c.ann, vectors)
    return AnnRestore(len(vectors), 0, problem)


def _vectors(items: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(position, label, packed vector) of each ``a:`` item, in position order."""
    return sorted((k[2:], v[0], v[1]) for k, v in items.items() if k.startswith(ANN_START))


def _check_snapshot(ann: AnnIndex, load: ItemLoader) -> list[tuple[str, str, str]]:
    """The vectors stored after the snapshot, if it holds the first ones of the store; else
    :class:`SnapshotError`. Cheap next to a rebuild: the items from its last vector on are read (they
    must be there, with no gap: the store holds at least as many), and a few of its vectors and labels,
    spread from the first to the last, must equal the stored ones (the ``a:`` items are only ever
    appended, so a snapshot of an earlier state of the same store passes, one of another store not)."""
    n = len(ann)
    stored = _vectors(load(ann_key(n - 1), ANN_STOP)) if n else []
    if not stored or stored[0][0] != f"{n - 1:010d}":
        raise SnapshotError(f"it holds {n} vectors, the store fewer")
    if stored[-1][0] != f"{n - 2 + len(stored):010d}":
        raise SnapshotError("the stored vector positions after it have gaps")
    for pos in sorted({n - 1, *(i * (n - 1) // (CHECKED_VECTORS - 1) for i in range(CHECKED_VECTORS - 1))}):
        item = stored[0][1:] if pos == n - 1 else load(ann_key(pos), ann_key(pos + 1)).get(ann_key(pos))
        if item is None or item[0] != ann.labels[pos] or not np.array_equal(ann.vector(pos), unpack(item[1])):
            raise SnapshotError(f"its vector {pos} differs from the stored one")
    return stored[1:]


def _add(ann: AnnIndex, vectors: list[tuple[str, str, str]]) -> None:
    if len(vectors) <= EXACT_ANN_REBUILD:
        for _, label, packed in vectors:  # the same adds in the same order: the same HNSW graph
            ann.add(unpack(packed), label)
    else:  # one batched add: much faster, but its graph (so rarely a neighbour) may differ
        ann.add_many(np.stack([unpack(p) for _, _, p in vectors]), [label for _, label, _ in vectors])


def save_ann_snapshot(c: StoryClusterer, path: Path) -> int | None:
    """Write the nearest-neighbour index to ``path`` (atomically); its size in bytes, or None when it
    has nothing to write or holds vectors not yet handed out by :func:`take_changes` (a snapshot must
    never hold more than the store will: call it after the batch that took the changes committed)."""
    if not len(c.ann) or c._dirty.get(ANN):
        return None
    return c.ann.save(path)


def mark_all(c: StoryClusterer) -> None:
    """Every entry counts as changed (to write a whole state as items once)."""
    c._dirty = {DF: set(c.df.counts), STORY: set(c.stories), STORYLINE: set(c.storylines),
                INDEX: set(c.index), LINE_INDEX: set(c.line_index), LINE_MERGE: set(c.line_merged),
                ANN: {str(i) for i in range(len(c.ann))}}
