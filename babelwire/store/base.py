"""The ``Store`` interface that every backend (SQLite, PostgreSQL) implements."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from babelwire.model import Analysis, Entity


@dataclass(frozen=True)
class SearchHit:
    id: str
    lang: str
    title: str | None
    published: str | None
    snippet: str
    score: float


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    lang: str
    title: str | None
    published: str | None
    story_id: str | None
    storyline_id: str | None


@dataclass(frozen=True)
class StoryRow:
    id: str
    storyline_id: str | None
    size: int
    languages: tuple[str, ...]
    first_published: str | None
    last_published: str | None


@dataclass(frozen=True)
class QuoteRow:
    article_id: str
    lang: str
    published: str | None
    quote: str
    speaker: str | None
    speaker_entity_id: str | None
    direct: bool


class Store(Protocol):
    """Articles with their analyses, linked entities, and the state of the corpus-level steps."""

    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside are kept together or not at all."""

    def has_content(self, content_hash: str) -> bool: ...

    def has_article(self, article_id: str) -> bool: ...

    def add(self, analysis: Analysis, source: str | None = None) -> None:
        """Store an analysed article (its id and content hash must be new)."""

    def update_story(self, article_id: str, story_id: str | None, storyline_id: str | None) -> None: ...

    def get(self, article_id: str) -> Analysis | None: ...

    def analyses(self, ids: list[str] | None = None) -> Iterator[Analysis]: ...

    def articles(
        self, story_id: str | None = None, storyline_id: str | None = None, lang: str | None = None
    ) -> list[ArticleSummary]: ...

    def count(self) -> int: ...

    def search(
        self,
        query: str | None,
        lang: str | None = None,
        since: str | None = None,
        until: str | None = None,
        entity_ids: list[str] | None = None,
        limit: int = 20,
    ) -> list[SearchHit]: ...

    def save_entities(self, entities: list[Entity]) -> None: ...

    def apply_merges(self, merges: dict[str, str]) -> None:
        """Entities merged by the linker (old id -> new id): stored references follow."""

    def apply_storyline_merges(self, merges: dict[str, str]) -> None:
        """Storylines merged by the clusterer (old id -> new id): stored articles follow."""

    def entities(self, type_: str | None = None, limit: int | None = None) -> list[Entity]: ...

    def find_entities(self, name: str) -> list[Entity]:
        """Entities whose canonical name or an alias matches ``name`` (case and diacritics folded)."""

    def entity_language_counts(self, entity_id: str) -> dict[str, int]: ...

    def entity_articles(self, entity_id: str) -> list[ArticleSummary]: ...

    def quotes(
        self, speaker_ids: list[str] | None = None, article_ids: list[str] | None = None, limit: int = 100
    ) -> list[QuoteRow]: ...

    def stories(self, storyline_id: str | None = None) -> list[StoryRow]: ...

    def load_state(self, name: str) -> dict[str, Any] | None:
        """A state saved whole (one JSON value); also how states were kept before ``state_items``."""

    def save_state(self, name: str, state: dict[str, Any]) -> None: ...

    def delete_state(self, name: str) -> None:
        """Forget a state saved whole (after it was migrated to items)."""

    def load_state_items(
        self, name: str, start: str | None = None, stop: str | None = None
    ) -> dict[str, Any]:
        """A state kept item by item (key -> JSON value); empty when there is none. With ``start`` /
        ``stop``, only the keys from ``start`` (included) to ``stop`` (excluded), in the order of their
        UTF-8 bytes: a reader can skip a large range of items or fetch a few (in time of the range read)."""

    def save_state_items(self, name: str, changed: dict[str, Any], deleted: Iterable[str] = ()) -> None:
        """Write the items that changed and drop the deleted ones (cost proportional to the change).

        Inside the caller's :meth:`transaction`, so that a batch and its state change commit together."""

    def sidecar_path(self, name: str) -> Path | None:
        """Where to keep a file derived from this store under ``name`` (a cache that can always be
        rebuilt from what the store holds, e.g. the story clusterer's index snapshot), or None when the
        store has no place for files beside it (in memory, a database server): callers then do without.
        The store itself never reads, writes or deletes that file."""

    def close(self) -> None: ...
