"""Linker and clusterer state kept item by item: store round trip, migration of a store written before
items, resume after a crash, and a per-batch write that does not grow with the corpus."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

import babelwire.sample
from babelwire.corpus import LINKER_STATE, STORIES_STATE, Corpus, find_entities
from babelwire.ingest import read_sources
from babelwire.link import EntityLinker
from babelwire.model import Analysis, Article, Mention
from babelwire.pipeline import Pipeline, analyze_many
from babelwire.store import SQLiteStore
from babelwire.stories import StoryClusterer

SAMPLE = Path(babelwire.sample.__file__).parent / "corpus.jsonl"
BATCH = 3


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    """Nine sample articles: three of each of three languages, so that entities recur across batches."""
    items = [a for a in read_sources([str(SAMPLE)]) if isinstance(a, Article)]
    chosen: list[Article] = []
    for lang in ("lt", "en", "uk"):
        chosen += [a for a in items if f"-{lang}-" in a.id][:3]
    return sorted(chosen, key=lambda a: a.id[-3:])


@pytest.fixture(scope="module")
def whole(articles: list[Article], tmp_path_factory: pytest.TempPathFactory) -> SQLiteStore:
    """The uninterrupted run."""
    store = SQLiteStore(tmp_path_factory.mktemp("whole") / "bw.db")
    Corpus(store).ingest(articles, batch_size=BATCH)
    return store


def _ids(store: SQLiteStore, articles: list[Article]) -> dict[str, tuple]:
    out = {}
    for article in articles:
        a = store.get(article.id)
        assert a is not None, article.id
        out[a.id] = (a.story_id, a.storyline_id, tuple(m.entity_id for m in a.entities))
    return out


def test_items_round_trip_delete_and_roll_back(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    with store.transaction():
        store.save_state_items("x", {"a": 1, "b": {"c": [1.5, None]}, "é:ü": "Мадуро"})
        store.save_state_items("y", {"a": 3})
    store.save_state_items("x", {"a": 2}, deleted=["b"])
    with pytest.raises(RuntimeError), store.transaction():
        store.save_state_items("x", {"a": 9}, deleted=["é:ü"])
        raise RuntimeError("crash inside the batch transaction")
    store.close()
    reopened = SQLiteStore(tmp_path / "s.db")
    assert reopened.load_state_items("x") == {"a": 2, "é:ü": "Мадуро"}
    assert reopened.load_state_items("y") == {"a": 3}
    assert reopened.load_state_items("missing") == {}


def test_resume_after_a_crash_gives_the_ids_of_an_uninterrupted_run(
    articles: list[Article], whole: SQLiteStore, tmp_path: Path
) -> None:
    path = tmp_path / "crashed.db"
    crashed = Corpus(SQLiteStore(path))

    def crash(item: object) -> None:
        if isinstance(item, Article) and item.id == articles[BATCH + 1].id:
            raise KeyboardInterrupt  # the process stops in the middle of collecting the second batch

    with pytest.raises(KeyboardInterrupt):
        crashed.ingest(articles, batch_size=BATCH, on_item=crash)
    assert crashed.store.count() == BATCH
    # a second run dies after linking and clustering its first new batch, before that batch commits
    second = Corpus(SQLiteStore(path))
    second.pipeline.process_batch([a for a in analyze_many(articles[BATCH : 2 * BATCH], 1)])  # type: ignore[misc]
    second.store.close()
    resumed = Corpus(SQLiteStore(path))
    report = resumed.ingest(articles, batch_size=BATCH)
    assert report.duplicates == [a.id for a in articles[:BATCH]]
    assert report.stored == [a.id for a in articles[BATCH:]]
    assert _ids(resumed.store, articles) == _ids(whole, articles)
    # and the items describe exactly the state of the run that went on
    again = Corpus(SQLiteStore(path))
    assert again.pipeline.linker.state() == resumed.pipeline.linker.state()
    assert again.pipeline.clusterer.state() == resumed.pipeline.clusterer.state()


def test_a_store_written_before_items_is_migrated(
    articles: list[Article], whole: SQLiteStore, tmp_path: Path
) -> None:
    path = tmp_path / "old.db"
    old = SQLiteStore(path)
    pipe = Pipeline()
    done = pipe.process_batch([a for a in analyze_many(articles[:BATCH], 1)])  # type: ignore[misc]
    with old.transaction():  # what Corpus wrote before state items: one JSON value per state
        for a in done:
            old.add(a)
        old.save_state(LINKER_STATE, pipe.linker.state())
        old.save_state(STORIES_STATE, pipe.clusterer.state())
        old.save_state("entity_merges", {"applied": len(pipe.linker.merges())})
        old.save_entities(pipe.linker.entities())
    old.close()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE state_items")  # a file from before the table existed
    con.commit()
    con.close()

    name = done[0].entities[0].lemma
    before = [e.id for e in find_entities(SQLiteStore(path), name)]  # read-only: still the old value
    assert before
    corpus = Corpus(SQLiteStore(path))
    store = corpus.store
    assert store.load_state(LINKER_STATE) is None and store.load_state(STORIES_STATE) is None
    assert store.load_state("entity_merges") is None
    linker_items = store.load_state_items(LINKER_STATE)
    assert EntityLinker(linker_items).state() == pipe.linker.state()
    stories = StoryClusterer(store.load_state_items(STORIES_STATE), embedder=None)
    assert set(stories.stories) == set(pipe.clusterer.stories)
    assert [e.id for e in find_entities(store, name)] == before
    report = corpus.ingest(articles, batch_size=BATCH)
    assert report.stored == [a.id for a in articles[BATCH:]]
    # the linker went on from the migrated state exactly as the uninterrupted run did
    entity_ids = {k: v[2] for k, v in _ids(store, articles).items()}
    assert entity_ids == {k: v[2] for k, v in _ids(whole, articles).items()}


# ---------------------------------------------------------------------------- cost of one batch's save

_NAMES = [("Ana", "Kovalenko"), ("Jonas", "Petrauskas"), ("Maria", "Nowak"), ("Ivan", "Shevchenko")]


def _synthetic(rng: random.Random, i: int, vocab: list[str], surnames: list[str]) -> Analysis:
    """A cheap analysed article: names from a growing pool (so entities recur and new ones appear), words
    from a vocabulary, a date."""
    given = rng.choice(_NAMES)[0]
    names = [f"{given} {rng.choice(surnames)}", rng.choice(surnames) + "burg"]  # a person, a place
    words = " ".join(rng.choice(vocab) for _ in range(60))
    text = f"{names[0]} visited {names[1]} on Monday. {words}."
    start = text.index(names[1])
    mentions = (
        Mention(0, len(names[0]), names[0], "PER", names[0]),
        Mention(start, start + len(names[1]), names[1], "LOC", names[1]),
    )
    day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return Analysis(id=f"a{i}", lang="en", text=text, entities=mentions, published=day, content_hash=f"h{i}")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("abdeghiklmnoprstuvz") for _ in range(rng.randint(5, 9)))


def _items(store: SQLiteStore) -> dict[tuple[str, str], str]:
    return {(r[0], r[1]): r[2] for r in store._db.execute("SELECT name, key, value FROM state_items")}


def test_a_batch_writes_state_in_proportion_to_the_batch_not_the_corpus(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    corpus = Corpus(store)
    corpus.pipeline.clusterer.embedder = None  # the sparse features only: fast
    rng = random.Random(7)
    vocab = [_word(rng) for _ in range(4000)]
    surnames: list[str] = []
    rows, sizes, totals = [], [], []
    seen: dict[tuple[str, str], str] = {}
    for b in range(16):
        surnames += [_word(rng).capitalize() for _ in range(20)]
        batch = [(_synthetic(rng, b * 25 + i, vocab, surnames), None) for i in range(25)]
        corpus.store_analysed(batch)
        now = _items(store)
        written = {k: v for k, v in now.items() if seen.get(k) != v}
        rows.append(len(written))
        sizes.append(sum(len(v) for v in written.values()))
        totals.append(sum(len(v) for v in now.values()))
        seen = now
    assert totals[-1] > 6 * totals[1]  # the state grew with the corpus …
    assert rows[-1] < 1.3 * sum(rows[1:4]) / 3  # … the rows a batch writes did not,
    # nor its bytes but for posting lists filling up to their cap (``clusterer.POSTINGS``)
    assert sizes[-1] < 2 * sizes[1]
    # (the whole-state save wrote all of ``totals`` every batch; the items of a touched story or storyline
    # are bounded by its centroid's key cap, so this gap widens as the corpus grows)
    assert sizes[-1] < totals[-1] / 5
    # what the items describe is exactly the state in memory
    assert EntityLinker(store.load_state_items(LINKER_STATE)).state() == corpus.pipeline.linker.state()
    resumed = StoryClusterer(store.load_state_items(STORIES_STATE), embedder=None)
    assert resumed.state() == corpus.pipeline.clusterer.state()
