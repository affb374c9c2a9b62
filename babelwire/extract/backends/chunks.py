"""Cutting long text segments at sentence ends so that each piece fits a model's input limit."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*\s+|\n\s*")


def sentence_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets in [start, end) where a sentence or paragraph begins, the first being ``start``."""
    return [start, *(m.end() for m in _SENTENCE_END.finditer(text, start, end) if m.end() < end)]


def char_pieces(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """[start, end) cut into pieces of at most ``limit`` characters, at sentence starts where possible,
    else at whitespace, else anywhere."""
    out = []
    while end - start > limit:
        window = start + limit
        cuts = [s for s in sentence_starts(text, start, window) if s > start]
        space = text.rfind(" ", start + 1, window)
        cut = cuts[-1] if cuts else space + 1 if space > start else window
        out.append((start, cut))
        start = cut
    if end > start:
        out.append((start, end))
    return out


def token_pieces(
    n: int, limit: int, sentence_break: list[bool], word_break: list[bool]
) -> list[tuple[int, int]]:
    """Token ranges [i, j) covering ``n`` tokens, each at most ``limit`` long, cut before a token that
    starts a sentence where possible, else before one that starts a word, else anywhere."""
    out, i = [], 0
    while n - i > limit:
        window = range(i + limit, i, -1)
        cut = next((k for k in window if sentence_break[k]), 0)
        cut = cut or next((k for k in window if word_break[k]), 0) or i + limit
        out.append((i, cut))
        i = cut
    if n > i:
        out.append((i, n))
    return out
