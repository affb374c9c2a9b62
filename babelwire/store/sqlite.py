"""The embedded store: one SQLite file, FTS5 full-text search with diacritics folded.

Every write happens inside a transaction; the file is in WAL mode, so a crash or a bad input
never loses what was committed before. All SQL is parameterised: untrusted text (article
content, queries) is never spliced into a statement.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from babelwire.model import Analysis, Entity
from babelwire.store.base import ArticleSummary, QuoteRow, SearchHit, StoryRow
from babelwire.store.text import fold_name, fts_query

SCHEMA_VERSION = 1
_SIDECAR_NAME = re.compile(r"[a-z0-9][a-z0-9.-]*")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    lang TEXT NOT NULL,
    title TEXT,
    published TEXT,
    url TEXT,
    source TEXT,
    text TEXT NOT NULL,
    analysis TEXT NOT NULL,
    story_id TEXT,
    storyline_id TEXT,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_lang ON articles(lang);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE INDEX IF NOT EXISTS articles_storyline ON articles(storyline_id);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, type TEXT NOT NULL, lemma TEXT NOT NULL, entity_id TEXT
);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE TABLE IF NOT EXISTS quotes (
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, quote TEXT NOT NULL,
    speaker TEXT, speaker_entity_id TEXT, direct INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_entity_id);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY, canonical TEXT NOT NULL, type TEXT NOT NULL, qid TEXT,
    aliases TEXT NOT NULL, languages TEXT NOT NULL, mention_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS entity_names (
    entity_id TEXT NOT NULL REFERENCES entities(id), name TEXT NOT NULL, folded TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entity_names_folded ON entity_names(folded);
CREATE TABLE IF NOT EXISTS entity_merges (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state_items (
    name TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (name, key)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
"""


class StoreError(RuntimeError):
    """The store file cannot be used (not a babelwire database, newer schema, corrupt …)."""


class SQLiteStore:
    """A babelwire store in one SQLite file (created when missing)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:" and Path(self.path).is_dir():
            raise StoreError(f"{self.path}: is a directory, not a database file")
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(_SCHEMA)
            self._check_version()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable babelwire database ({exc})") from exc
        self._lock = threading.RLock()
        self._depth = 0

    def _check_version(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is None:
            self._db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif int(row[0]) > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: written by a newer babelwire (schema {row[0]})")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outer:
                    self._db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._db.execute("COMMIT")

    # --- articles -------------------------------------------------------------------------------

    def has_content(self, content_hash: str) -> bool:
        return self._one("SELECT 1 FROM articles WHERE content_hash=?", content_hash) is not None

    def has_article(self, article_id: str) -> bool:
        return self._one("SELECT 1 FROM articles WHERE id=?", article_id) is not None

    def add(self, analysis: Analysis, source: str | None = None) -> None:
        a = analysis
        with self.transaction():
            cur = self._db.execute(
                "INSERT INTO articles (id, content_hash, lang, title, published, url, source, text, analysis,"
                " story_id, storyline_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    a.id,
                    a.content_hash,
                    a.lang,
                    a.title,
                    a.published,
                    a.url,
                    source,
                    a.text,
                    json.dumps(a.to_dict(), ensure_ascii=False),
                    a.story_id,
                    a.storyline_id,
                ),
            )
            self._db.execute(
                "INSERT INTO article_fts (rowid, title, text) VALUES (?,?,?)",
                (cur.lastrowid, a.title or "", a.text),
            )
            self._db.executemany(
                'INSERT INTO mentions (article_id, start, "end", text, type, lemma, entity_id)'
                " VALUES (?,?,?,?,?,?,?)",
                [(a.id, m.start, m.end, m.text, m.type, m.lemma, m.entity_id) for m in a.entities],
            )
            self._db.executemany(
                'INSERT INTO quotes (article_id, start, "end", quote, speaker, speaker_entity_id, direct)'
                " VALUES (?,?,?,?,?,?,?)",
                [
                    (a.id, q.start, q.end, q.quote, q.speaker, q.speaker_entity_id, int(q.direct))
                    for q in a.quotes
                ],
            )

    def update_story(self, article_id: str, story_id: str | None, storyline_id: str | None) -> None:
        row = self._one("SELECT analysis FROM articles WHERE id=?", article_id)
        if row is None:
            return
        data = json.loads(row[0])
        data.update(story_id=story_id, storyline_id=storyline_id)
        with self.transaction():
            self._db.execute(
                "UPDATE articles SET story_id=?, storyline_id=?, analysis=? WHERE id=?",
                (story_id, storyline_id, json.dumps(data, ensure_ascii=False), article_id),
            )

    def get(self, article_id: str) -> Analysis | None:
        row = self._one("SELECT analysis FROM articles WHERE id=?", article_id)
        return self._current_ids(Analysis.from_dict(json.loads(row[0]))) if row else None

    def _current_ids(self, a: Analysis) -> Analysis:
        """The stored analysis with entity ids (and canonical names) as they are after later merges."""
        ids = {m.entity_id for m in a.entities if m.entity_id}
        if not ids:
            return a
        marks = ",".join("?" * len(ids))
        merged = dict(
            self._db.execute(
                f"SELECT old_id, new_id FROM entity_merges WHERE old_id IN ({marks})", list(ids)
            ).fetchall()
        )
        current = {merged.get(i, i) for i in ids}
        marks = ",".join("?" * len(current))
        names = dict(
            self._db.execute(
                f"SELECT id, canonical FROM entities WHERE id IN ({marks})", list(current)
            ).fetchall()
        )

        def new(eid: str | None) -> str | None:
            return merged.get(eid, eid) if eid else eid

        return a.with_(
            entities=tuple(
                replace(m, entity_id=new(m.entity_id), canonical=names.get(new(m.entity_id)) or m.canonical)
                for m in a.entities
            ),
            quotes=tuple(replace(q, speaker_entity_id=new(q.speaker_entity_id)) for q in a.quotes),
            roles=tuple(replace(r, entity_id=new(r.entity_id)) for r in a.roles),
        )

    def analyses(self, ids: list[str] | None = None) -> Iterator[Analysis]:
        if ids is None:
            rows = self._db.execute("SELECT analysis FROM articles ORDER BY rowid")
            for row in rows:
                yield Analysis.from_dict(json.loads(row[0]))
            return
        for article_id in ids:
            found = self.get(article_id)
            if found is not None:
                yield found

    def articles(
        self, story_id: str | None = None, storyline_id: str | None = None, lang: str | None = None
    ) -> list[ArticleSummary]:
        where, args = self._where(story_id=story_id, storyline_id=storyline_id, lang=lang)
        rows = self._db.execute(
            "SELECT id, lang, title, published, story_id, storyline_id FROM articles"
            f"{where} ORDER BY published, rowid",
            args,
        ).fetchall()
        return [ArticleSummary(*row) for row in rows]

    def count(self) -> int:
        return int(self._one("SELECT count(*) FROM articles")[0])

    @staticmethod
    def _where(**filters: Any) -> tuple[str, list[Any]]:
        clauses = [f"{col}=?" for col, v in filters.items() if v is not None]  # column names are ours
        args = [v for v in filters.values() if v is not None]
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), args

    # --- search ---------------------------------------------------------------------------------

    def search(
        self,
        query: str | None,
        lang: str | None = None,
        since: str | None = None,
        until: str | None = None,
        entity_ids: list[str] | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        clauses, args = [], []
        match = fts_query(query) if query else None
        if match:
            sql = (
                "SELECT a.id, a.lang, a.title, a.published,"
                " snippet(article_fts, 1, '\x02', '\x03', '…', 16), bm25(article_fts)"
                " FROM article_fts JOIN articles a ON a.rowid = article_fts.rowid"
            )
            clauses.append("article_fts MATCH ?")
            args.append(match)
            order = "bm25(article_fts)"
        else:
            sql = "SELECT a.id, a.lang, a.title, a.published, substr(a.text, 1, 160), 0.0 FROM articles a"
            order = "a.published DESC, a.rowid DESC"
        if lang:
            clauses.append("a.lang = ?")
            args.append(lang)
        if since:
            clauses.append("a.published >= ?")
            args.append(since)
        if until:
            clauses.append("a.published <= ?")
            args.append(until)
        if entity_ids is not None:
            marks = ",".join("?" * len(entity_ids)) or "NULL"
            clauses.append(f"a.id IN (SELECT article_id FROM mentions WHERE entity_id IN ({marks}))")
            args.extend(entity_ids)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += f" ORDER BY {order} LIMIT ?"
        args.append(limit)
        rows = self._db.execute(sql, args).fetchall()
        return [
            SearchHit(id=r[0], lang=r[1], title=r[2], published=r[3], snippet=r[4], score=-float(r[5]))
            for r in rows
        ]

    # --- entities -------------------------------------------------------------------------------

    def save_entities(self, entities: list[Entity]) -> None:
        with self.transaction():
            for e in entities:
                self._db.execute(
                    "INSERT INTO entities (id, canonical, type, qid, aliases, languages, mention_count)"
                    " VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET canonical=excluded.canonical,"
                    " type=excluded.type, qid=excluded.qid, aliases=excluded.aliases,"
                    " languages=excluded.languages, mention_count=excluded.mention_count",
                    (
                        e.id,
                        e.canonical,
                        e.type,
                        e.qid,
                        json.dumps(list(e.aliases), ensure_ascii=False),
                        json.dumps(list(e.languages)),
                        e.mention_count,
                    ),
                )
                self._db.execute("DELETE FROM entity_names WHERE entity_id=?", (e.id,))
                names = {e.canonical, *e.aliases}
                self._db.executemany(
                    "INSERT INTO entity_names VALUES (?,?,?)", [(e.id, n, fold_name(n)) for n in names if n]
                )

    def apply_merges(self, merges: dict[str, str]) -> None:
        """Entities merged by the linker: stored mentions, quotes and entity rows follow the new ids."""
        with self.transaction():
            for old, new in merges.items():
                if old == new:
                    continue
                self._db.execute("UPDATE mentions SET entity_id=? WHERE entity_id=?", (new, old))
                self._db.execute(
                    "UPDATE quotes SET speaker_entity_id=? WHERE speaker_entity_id=?", (new, old)
                )
                self._db.execute("UPDATE entity_merges SET new_id=? WHERE new_id=?", (new, old))
                self._db.execute(
                    "INSERT INTO entity_merges VALUES (?,?)"
                    " ON CONFLICT(old_id) DO UPDATE SET new_id=excluded.new_id",
                    (old, new),
                )
                self._db.execute("DELETE FROM entity_names WHERE entity_id=?", (old,))
                self._db.execute("DELETE FROM entities WHERE id=?", (old,))

    def apply_storyline_merges(self, merges: dict[str, str]) -> None:
        with self.transaction():
            for old, new in merges.items():
                if old != new:
                    self._db.execute(
                        "UPDATE articles SET storyline_id=?, analysis=json_set(analysis, '$.storyline_id', ?)"
                        " WHERE storyline_id=?", (new, new, old))

    def entities(self, type_: str | None = None, limit: int | None = None) -> list[Entity]:
        where, args = self._where(type=type_)
        sql = f"SELECT * FROM entities{where} ORDER BY mention_count DESC, canonical"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [self._entity(r) for r in self._db.execute(sql, args)]

    def find_entities(self, name: str) -> list[Entity]:
        key = fold_name(name)
        if not key:
            return []
        rows = self._db.execute(
            "SELECT DISTINCT e.* FROM entities e JOIN entity_names n ON n.entity_id = e.id"
            " WHERE n.folded = ? OR n.folded LIKE ? ESCAPE '\\'"
            " ORDER BY (n.folded = ?) DESC, e.mention_count DESC",
            (key, _like_prefix(key), key),
        ).fetchall()
        seen, out = set(), []
        for r in rows:
            if r["id"] not in seen:
                seen.add(r["id"])
                out.append(self._entity(r))
        return out

    def entity_language_counts(self, entity_id: str) -> dict[str, int]:
        rows = self._db.execute(
            "SELECT a.lang, count(*) FROM mentions m JOIN articles a ON a.id = m.article_id"
            " WHERE m.entity_id = ? GROUP BY a.lang ORDER BY count(*) DESC",
            (entity_id,),
        )
        return {r[0]: r[1] for r in rows}

    def entity_articles(self, entity_id: str) -> list[ArticleSummary]:
        rows = self._db.execute(
            "SELECT id, lang, title, published, story_id, storyline_id FROM articles WHERE id IN"
            " (SELECT article_id FROM mentions WHERE entity_id = ?) ORDER BY published, rowid",
            (entity_id,),
        )
        return [ArticleSummary(*r) for r in rows]

    @staticmethod
    def _entity(r: sqlite3.Row) -> Entity:
        return Entity(
            id=r["id"],
            canonical=r["canonical"],
            type=r["type"],
            qid=r["qid"],
            aliases=tuple(json.loads(r["aliases"])),
            languages=tuple(json.loads(r["languages"])),
            mention_count=r["mention_count"],
        )

    def quotes(
        self, speaker_ids: list[str] | None = None, article_ids: list[str] | None = None, limit: int = 100
    ) -> list[QuoteRow]:
        clauses, args = [], []
        for column, values in (("q.speaker_entity_id", speaker_ids), ("q.article_id", article_ids)):
            if values is not None:
                clauses.append(f"{column} IN ({','.join('?' * len(values)) or 'NULL'})")
                args.extend(values)
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        rows = self._db.execute(
            "SELECT q.article_id, a.lang, a.published, q.quote, q.speaker, q.speaker_entity_id, q.direct"
            f" FROM quotes q JOIN articles a ON a.id = q.article_id{where}"
            " ORDER BY a.published, a.rowid, q.start LIMIT ?",
            [*args, limit],
        ).fetchall()
        return [QuoteRow(*r[:6], direct=bool(r[6])) for r in rows]

    # --- stories --------------------------------------------------------------------------------

    def stories(self, storyline_id: str | None = None) -> list[StoryRow]:
        where, args = self._where(storyline_id=storyline_id)
        where = (where + " AND" if where else " WHERE") + " story_id IS NOT NULL"
        rows = self._db.execute(
            "SELECT story_id, max(storyline_id), count(*), group_concat(DISTINCT lang), min(published),"
            f" max(published) FROM articles{where} GROUP BY story_id"
            " ORDER BY count(*) DESC, max(published) DESC",
            args,
        ).fetchall()
        return [
            StoryRow(
                id=r[0],
                storyline_id=r[1],
                size=r[2],
                languages=tuple(sorted((r[3] or "").split(","))),
                first_published=r[4],
                last_published=r[5],
            )
            for r in rows
        ]

    # --- state of the corpus-level steps --------------------------------------------------------

    def load_state(self, name: str) -> dict[str, Any] | None:
        row = self._one("SELECT value FROM state WHERE name=?", name)
        return json.loads(row[0]) if row else None

    def save_state(self, name: str, state: dict[str, Any]) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT INTO state VALUES (?,?) ON CONFLICT(name) DO UPDATE SET value=excluded.value",
                (name, json.dumps(state, ensure_ascii=False)),
            )

    def delete_state(self, name: str) -> None:
        with self.transaction():
            self._db.execute("DELETE FROM state WHERE name=?", (name,))

    def load_state_items(
        self, name: str, start: str | None = None, stop: str | None = None
    ) -> dict[str, Any]:
        sql, args = "SELECT key, value FROM state_items WHERE name=?", [name]
        if start is not None:
            sql += " AND key >= ?"
            args.append(start)
        if stop is not None:
            sql += " AND key < ?"
            args.append(stop)
        return {key: json.loads(value) for key, value in self._db.execute(sql, args)}

    def save_state_items(self, name: str, changed: dict[str, Any], deleted: Iterable[str] = ()) -> None:
        with self.transaction():
            self._db.executemany(
                "DELETE FROM state_items WHERE name=? AND key=?", [(name, key) for key in deleted]
            )
            self._db.executemany(
                "INSERT INTO state_items VALUES (?,?,?)"
                " ON CONFLICT(name, key) DO UPDATE SET value=excluded.value",
                [
                    (name, key, json.dumps(value, ensure_ascii=False, separators=(",", ":")))
                    for key, value in changed.items()
                ],
            )

    def sidecar_path(self, name: str) -> Path | None:
        """``<database file>.<name>`` beside the database (e.g. ``news.db.stories-ann.faiss``); None for an
        in-memory or temporary database."""
        if not _SIDECAR_NAME.fullmatch(name):
            raise ValueError(f"bad sidecar name {name!r}")
        if self.path in ("", ":memory:"):
            return None
        return Path(f"{self.path}.{name}")

    def close(self) -> None:
        self._db.close()

    def _one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        return self._db.execute(sql, args).fetchone()


def _like_prefix(key: str) -> str:
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"
