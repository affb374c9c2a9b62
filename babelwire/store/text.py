"""Turning user text into safe search keys: FTS5 queries and folded names."""

from __future__ import annotations

import unicodedata

import regex
from anyascii import anyascii

_TERM = regex.compile(r'"([^"]*)"|([\p{L}\p{N}][\p{L}\p{M}\p{N}_\'’-]*)(\*?)')
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression for a user query: every term quoted (no FTS syntax reaches SQLite).

    Words are ANDed; ``"two words"`` is a phrase; a trailing ``*`` keeps prefix search.
    """
    parts = []
    for m in _TERM.finditer(text):
        if m.group(1) is not None:
            words = _WORD.findall(m.group(1))
            if words:
                parts.append('"' + " ".join(words) + '"')
        else:
            words = _WORD.findall(m.group(2))
            if words:
                parts.append('"' + " ".join(words) + '"' + ("*" if m.group(3) else ""))
    return " ".join(parts) or None


def fold_name(name: str) -> str:
    """A script-, case- and diacritic-insensitive key for a name ("Пєсков" and "Peskov" come close)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    latin = anyascii(stripped).lower()
    return " ".join(_WORD.findall(latin))
