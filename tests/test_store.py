"""The embedded SQLite store: idempotent ingest, search, entities, state, and safety on bad input."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from babelwire.corpus import Corpus
from babelwire.ingest import read_sources
from babelwire.store import SQLiteStore, open_store
from babelwire.store.sqlite import StoreError

ARTICLES = [
    {
        "id": "lt-1",
        "date": "2019-09-27",
        "title": "Venesuelos prezidentas Maskvoje",
        "text": "Venesuelos prezidentas N. Maduro atvyko į Maskvą. Jis susitiko su V. Putinu Kremliuje, "
        "kur aptarė sankcijų poveikį ir naftos kainas.",
    },
    {
        "id": "en-1",
        "date": "2019-10-02",
        "title": "Maduro in Moscow",
        "text": "Venezuelan President Nicolás Maduro met Vladimir Putin in Moscow on Wednesday, "
        "the Kremlin said, as sanctions weigh on the oil industry.",
    },
    {
        "id": "de-1",
        "date": "2019-11-15",
        "title": "Fußball in München",
        "text": "Der FC Bayern München gewann am Samstag gegen Borussia Dortmund mit vier zu null Toren.",
    },
]


def _write_jsonl(path: Path, rows: list[dict], extra_lines: tuple[str, ...] = ()) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        for line in extra_lines:
            fh.write(line + "\n")
    return path


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    s = SQLiteStore(tmp_path / "bw.db")
    Corpus(s).ingest(read_sources([str(_write_jsonl(tmp_path / "a.jsonl", ARTICLES))]))
    return s


def test_ingest_is_idempotent_by_content(tmp_path: Path, store: SQLiteStore) -> None:
    assert store.count() == 3
    again = Corpus(store).ingest(read_sources([str(tmp_path / "a.jsonl")]))
    assert again.stored == [] and sorted(again.duplicates) == ["de-1", "en-1", "lt-1"]
    assert store.count() == 3


def test_same_id_with_new_content_is_reported_not_replaced(tmp_path: Path, store: SQLiteStore) -> None:
    changed = [{**ARTICLES[0], "text": "Visai kitas tekstas apie Vilnių ir Kauną, parašytas vėliau."}]
    report = Corpus(store).ingest(read_sources([str(_write_jsonl(tmp_path / "b.jsonl", changed))]))
    assert report.failed and "already stored with different content" in str(report.problems[0])
    assert store.get("lt-1").text == ARTICLES[0]["text"]


def test_search_folds_diacritics_and_filters(store: SQLiteStore) -> None:
    assert [h.id for h in store.search("sankciju")] == ["lt-1"]  # ų folded to u
    assert [h.id for h in store.search("MASKVA*")] == ["lt-1"]  # prefix, case folded
    assert {h.id for h in store.search("Maduro")} == {"lt-1", "en-1"}
    assert [h.id for h in store.search("Maduro", lang="en")] == ["en-1"]
    assert [h.id for h in store.search("Maduro", since="2019-10-01")] == ["en-1"]
    assert [h.id for h in store.search("Maduro", until="2019-09-30")] == ["lt-1"]
    assert [h.id for h in store.search(None, since="2019-11-01")] == ["de-1"]
    assert store.search("München")[0].id == "de-1" and store.search("munchen")[0].id == "de-1"


def test_hostile_queries_are_plain_text(store: SQLiteStore) -> None:
    for q in [
        '"; DROP TABLE articles; --',
        "NEAR(a b",
        "*",
        '"unbalanced',
        "title:Maduro OR",
        "a AND NOT b",
        "^x",
        "''",
        "\x00",
    ]:
        store.search(q)  # must not raise
    assert store.count() == 3
    assert store.find_entities("%") == [] or all(e.id for e in store.find_entities("%"))


def test_entities_are_stored_and_found_by_folded_name(store: SQLiteStore) -> None:
    ents = store.entities()
    assert ents and all(e.mention_count >= 1 for e in ents)
    name = ents[0].canonical
    assert store.find_entities(name.upper())[0].id == ents[0].id
    assert store.entity_articles(ents[0].id)


def test_analysis_round_trips_through_the_store(store: SQLiteStore) -> None:
    a = store.get("en-1")
    assert a is not None and a.published == "2019-10-02" and a.title == "Maduro in Moscow"
    for m in a.entities:
        assert a.text[m.start : m.end] == m.text


def test_state_survives_reopening(tmp_path: Path, store: SQLiteStore) -> None:
    linker_state = store.load_state_items("linker")
    assert any(k.startswith("e:") for k in linker_state)  # the linker's entities, one item each
    store.close()
    reopened = open_store(str(tmp_path / "bw.db"))
    assert reopened.load_state_items("linker") == linker_state
    assert reopened.count() == 3


def test_bad_input_keeps_what_was_stored(tmp_path: Path, store: SQLiteStore) -> None:
    new = {"id": "uk-1", "text": "Президент Венесуели Ніколас Мадуро прибув до Москви у п'ятницю."}
    path = _write_jsonl(tmp_path / "c.jsonl", [new], extra_lines=("{broken", '{"id": "x"}'))
    report = Corpus(store).ingest(read_sources([str(path), str(tmp_path / "missing.jsonl")]))
    assert report.stored == ["uk-1"] and report.failed
    messages = [str(p) for p in report.problems]
    assert any("c.jsonl:2" in m and "broken JSON" in m for m in messages)
    assert any("c.jsonl:3" in m and "text" in m for m in messages)
    assert any("missing.jsonl" in m and "no such file" in m for m in messages)
    assert store.count() == 4


def test_a_failed_transaction_loses_nothing_committed(store: SQLiteStore) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.save_state("linker", {"broken": True})
        raise RuntimeError("crash in the middle of a batch")
    assert store.load_state("linker") != {"broken": True}
    assert store.count() == 3


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        SQLiteStore(bogus)
    assert bogus.read_text().startswith("these are my notes")


def test_schema_is_plain_sqlite(tmp_path: Path, store: SQLiteStore) -> None:
    con = sqlite3.connect(tmp_path / "bw.db")
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 3


def test_storyline_merges_follow_through_to_stored_articles(store: SQLiteStore) -> None:
    football = store.get("de-1")
    maduro = store.get("en-1")
    assert football and maduro and football.storyline_id != maduro.storyline_id
    store.apply_storyline_merges({football.storyline_id: maduro.storyline_id})
    moved = store.get("de-1")
    assert moved is not None and moved.storyline_id == maduro.storyline_id  # the stored analysis too
    assert {row.storyline_id for row in store.stories()} == {maduro.storyline_id}
