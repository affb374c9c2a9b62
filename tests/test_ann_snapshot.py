"""The snapshot of the story clusterer's nearest-neighbour index beside a SQLite store: a restart loads
it instead of rebuilding the index, tops up a stale one, falls back to the rebuild (with a warning)
on a damaged or foreign one, and goes on exactly as a run that never stopped."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

import babelwire.sample
from babelwire.corpus import ANN_SNAPSHOT, STORIES_STATE, Corpus
from babelwire.model import Analysis, content_hash
from babelwire.store import SQLiteStore
from babelwire.stories import StoryClusterer, persistence
from babelwire.stories.ann import AnnIndex, SnapshotError
from babelwire.stories.embedding import default_embedder
from babelwire.stories.persistence import AnnRestore

faiss = pytest.importorskip("faiss")
SAMPLE = Path(babelwire.sample.__file__).parent / "corpus.jsonl"
BATCH = 4


@pytest.fixture(scope="module")
def articles() -> list[Analysis]:
    """The 32 bundled sample articles (8 languages, 7 stories) as bare analyses: the story clusterer
    reads their text and date, and embeds their leads with the packaged encoder."""
    if default_embedder() is None:
        pytest.skip("no embedder installed: the clusterer keeps no vectors")
    out = []
    with SAMPLE.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            lang = r["id"].split("-")[1]  # sample ids carry their language: sample-lt-001
            out.append(Analysis(id=r["id"], lang=lang, text=r["text"], title=r["title"], published=r["date"],
                                content_hash=content_hash(r["text"])))
    return out


class _Memo:
    """The packaged embedder, each text encoded once per test session (the same vectors, faster)."""

    def __init__(self) -> None:
        self.real = default_embedder()
        self.seen: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        for t in texts:
            if t not in self.seen:
                self.seen[t] = self.real.encode([t])[0]  # type: ignore[union-attr]
        return np.stack([self.seen[t] for t in texts])


_MEMO: list[_Memo] = []


def _reopen(path: Path | str) -> Corpus:
    corpus = Corpus(SQLiteStore(path))
    if not _MEMO:
        _MEMO.append(_Memo())
    corpus.pipeline.clusterer.embedder = _MEMO[0]
    return corpus


def _feed(corpus: Corpus, articles: list[Analysis]) -> None:
    for i in range(0, len(articles), BATCH):
        corpus.store_analysed([(a, None) for a in articles[i : i + BATCH]])


def _ann_bytes(corpus: Corpus) -> bytes:
    return faiss.serialize_index(corpus.pipeline.clusterer.ann._index).tobytes()


def _ids(store: SQLiteStore) -> dict[str, tuple[str | None, str | None]]:
    return {a.id: (a.story_id, a.storyline_id) for a in store.analyses()}


@pytest.fixture(scope="module")
def whole(articles: list[Analysis], tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, bytes, dict]:
    """The uninterrupted run: ids stored, its final index, and its index after each batch."""
    corpus = _reopen(tmp_path_factory.mktemp("whole") / "bw.db")
    after: dict[int, bytes] = {}
    for i in range(0, len(articles), BATCH):
        corpus.store_analysed([(a, None) for a in articles[i : i + BATCH]])
        after[i + BATCH] = _ann_bytes(corpus)
    assert len(corpus.pipeline.clusterer.ann) == len(articles)
    assert len(set(_ids(corpus.store).values())) > 3  # several stories: the index matters
    return _ids(corpus.store), _ann_bytes(corpus), after


def test_restart_loads_the_snapshot_and_goes_on_as_an_uninterrupted_run(
    articles: list[Analysis], whole: tuple[dict, bytes, dict], tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = tmp_path / "news.db"
    first = _reopen(path)
    half = 16
    _feed(first, articles[:half])
    assert not Path(f"{path}.{ANN_SNAPSHOT}").exists()  # 16 new vectors: below the threshold of a batch
    first.close()
    first.store.close()
    snapshot = Path(f"{path}.{ANN_SNAPSHOT}")
    assert snapshot.exists() and len(AnnIndex.load(snapshot)) == half
    assert not list(tmp_path.glob(".*tmp"))  # the temporary file was renamed

    with caplog.at_level(logging.INFO):
        resumed = _reopen(path)
    assert resumed.ann_restore == AnnRestore(vectors=half, from_snapshot=half)  # the rebuild was not run
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert _ann_bytes(resumed) == whole[2][half]  # the very graph the uninterrupted run had
    _feed(resumed, articles[half:])
    assert _ids(resumed.store) == whole[0]
    assert _ann_bytes(resumed) == whole[1]


def test_a_stale_snapshot_is_topped_up_with_the_vectors_stored_after_it(
    articles: list[Analysis], whole: tuple[dict, bytes, dict], tmp_path: Path
) -> None:
    path = tmp_path / "news.db"
    first = _reopen(path)
    _feed(first, articles[:8])
    first.close()
    first.store.close()
    second = _reopen(path)
    _feed(second, articles[8:20])  # no close: the snapshot still holds 8 vectors
    second.store.close()
    # the vectors the snapshot covers are not read back, but for the few compared with it
    store, reads = SQLiteStore(path), []

    def load(start: str, stop: str) -> dict:
        items = store.load_state_items(STORIES_STATE, start, stop)
        reads.append((start, stop, len(items)))
        return items

    bare = StoryClusterer(embedder=None)
    snapshot = Path(f"{path}.{ANN_SNAPSHOT}")
    assert persistence.restore_ann(bare, load, snapshot) == AnnRestore(vectors=20, from_snapshot=8)
    assert reads[0] == (persistence.ann_key(7), persistence.ANN_STOP, 13)  # the last covered one on
    assert sum(n for _, _, n in reads) <= 13 + persistence.CHECKED_VECTORS
    store.close()
    third = _reopen(path)
    assert third.ann_restore == AnnRestore(vectors=20, from_snapshot=8)
    assert _ann_bytes(third) == whole[2][20]
    _feed(third, articles[20:])
    assert _ids(third.store) == whole[0]
    assert _ann_bytes(third) == whole[1]
    third.close()
    assert len(AnnIndex.load(f"{path}.{ANN_SNAPSHOT}")) == len(articles)


def _flip_a_byte(p: Path) -> None:
    data = bytearray(p.read_bytes())
    data[len(data) // 2] ^= 0x5A
    p.write_bytes(bytes(data))


def _truncate(p: Path) -> None:
    p.write_bytes(p.read_bytes()[: p.stat().st_size - 100])


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "not a snapshot", "empty",
                                    "of a longer run", "of a run in another order"])
def test_a_damaged_or_foreign_snapshot_falls_back_to_the_rebuild_with_a_warning(
    damage: str, articles: list[Analysis], whole: tuple[dict, bytes, dict], tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = tmp_path / "news.db"
    snapshot = Path(f"{path}.{ANN_SNAPSHOT}")
    first = _reopen(path)
    _feed(first, articles[:12])
    first.close()
    first.store.close()
    if damage == "flipped byte":
        _flip_a_byte(snapshot)
    elif damage == "truncated":
        _truncate(snapshot)
    elif damage == "not a snapshot":
        snapshot.write_text("hello")
    elif damage == "empty":
        snapshot.write_bytes(b"")
    else:  # a valid snapshot of another store
        other = _reopen(tmp_path / "other.db")
        reordered = articles[4:8] + articles[:4] + articles[8:12]
        _feed(other, articles if damage == "of a longer run" else reordered)
        other.close()
        shutil.copy(f"{tmp_path / 'other.db'}.{ANN_SNAPSHOT}", snapshot)
        assert len(AnnIndex.load(snapshot)) in (12, 32)  # a sound file, but not of this store
    with caplog.at_level(logging.WARNING):
        resumed = _reopen(path)
    assert resumed.ann_restore.vectors == 12 and resumed.ann_restore.from_snapshot == 0
    assert resumed.ann_restore.problem
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "rebuilding" in warnings[0], warnings
    assert _ann_bytes(resumed) == whole[2][12]  # the exact rebuild of 12 vectors
    assert len(AnnIndex.load(snapshot)) == 12  # a good snapshot replaced the bad one at once
    if damage == "flipped byte":
        _feed(resumed, articles[12:])
        assert _ids(resumed.store) == whole[0]


def test_snapshots_follow_the_policy_and_never_run_ahead_of_the_store(
    articles: list[Analysis], tmp_path: Path
) -> None:
    path = tmp_path / "news.db"
    snapshot = Path(f"{path}.{ANN_SNAPSHOT}")
    corpus = _reopen(path)
    corpus.snapshot_min_new, corpus.snapshot_fraction = 6, 0.5

    def held() -> int:
        return len(AnnIndex.load(snapshot)) if snapshot.exists() else 0

    seen = []
    for i in range(0, 20, BATCH):  # after each batch: new >= max(6, half of all)
        corpus.store_analysed([(a, None) for a in articles[i : i + BATCH]])
        seen.append(held())
    assert seen == [0, 8, 8, 16, 16]
    corpus.ingest([], batch_size=BATCH)  # the end of a run: new >= 6 — 4 are not enough
    assert held() == 16
    # a batch whose commit fails (an id already stored): the clusterer has gone ahead of the store
    with pytest.raises(Exception, match="UNIQUE"):
        corpus.store_analysed([(a, None) for a in articles[20:23]] + [(articles[0], None)])
    corpus.close()
    assert held() == 16  # no snapshot of vectors the store does not hold
    corpus.store.close()
    assert _reopen(path).ann_restore == AnnRestore(vectors=20, from_snapshot=16)


def test_a_store_without_files_keeps_no_snapshot(articles: list[Analysis]) -> None:
    corpus = _reopen(":memory:")
    assert corpus.store.sidecar_path(ANN_SNAPSHOT) is None
    _feed(corpus, articles[:4])
    assert corpus.save_snapshot() is None
    corpus.close()


def test_ann_index_snapshot_round_trip_builds_the_same_graph(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    vecs = rng.standard_normal((600, 48)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    straight, resumed = AnnIndex(), AnnIndex()
    for i, v in enumerate(vecs):
        straight.add(v, f"S{i % 50}")
        if i < 400:
            resumed.add(v, f"S{i % 50}")
    size = resumed.save(tmp_path / "ann.faiss")
    assert size == (tmp_path / "ann.faiss").stat().st_size > 400 * 48 * 4
    loaded = AnnIndex.load(tmp_path / "ann.faiss")
    assert loaded.labels == resumed.labels and np.array_equal(loaded.vector(399), vecs[399])
    for i in range(400, 600):
        loaded.add(vecs[i], f"S{i % 50}")
    assert faiss.serialize_index(loaded._index).tobytes() == faiss.serialize_index(straight._index).tobytes()
    query = vecs[7] + 0.1 * rng.standard_normal(48).astype(np.float32)
    assert loaded.search(query, 5) == straight.search(query, 5)
    with pytest.raises(ValueError):
        AnnIndex().save(tmp_path / "empty.faiss")
    (tmp_path / "ann.faiss").write_bytes(b"BWANN")
    with pytest.raises(SnapshotError):
        AnnIndex.load(tmp_path / "ann.faiss")


def test_state_items_load_by_key_range(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    store.save_state_items("x", {"a:01": 1, "a:02": 2, "a;": 3, "b": 4, "Ä": 5, "a": 6})
    store.save_state_items("y", {"a:01": 9})
    assert store.load_state_items("x", "a:", "a;") == {"a:01": 1, "a:02": 2}
    assert store.load_state_items("x", "a:02") == {"a:02": 2, "a;": 3, "b": 4, "Ä": 5}
    assert store.load_state_items("x", stop="a:") == {"a": 6}
    assert store.load_state_items("x", "a:01", "a:02") == {"a:01": 1}
