"""Storage of articles, their analyses, entities and corpus state behind one interface."""

from babelwire.store.base import ArticleSummary, QuoteRow, SearchHit, Store, StoryRow
from babelwire.store.sqlite import SQLiteStore

__all__ = ["ArticleSummary", "QuoteRow", "SQLiteStore", "SearchHit", "Store", "StoryRow", "open_store"]


def open_store(url: str) -> Store:
    """A store for ``url``: a file path (SQLite; the default) or ``sqlite:///path``."""
    if url.startswith("sqlite:///"):
        url = url[len("sqlite:///") :]
    return SQLiteStore(url)
