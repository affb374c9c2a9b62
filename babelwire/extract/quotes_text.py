"""Words and sentences with character offsets, as the quote, speaker and role extractors read them."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from babelwire.extract.quotes_lexicon import fold
from babelwire.model import Span

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’ʼ‘\-‐][\p{L}\p{M}\p{N}]+)*")
# a sentence ends after . ! ? … (and any closing marks) before a space and a capital, digit, quote or dash
_END = regex.compile(r"[.!?…]+[\"”“»«’)\]]*(?=\s+[\p{Lu}\p{N}\"“„«»‚‘‹\-–—(])")
# a headline's source-and-date suffix run into the text: "… зброю - DW - 09.02.2023 Президентка …"
_DATELINE = regex.compile(r"[ \t]+[-–—][ \t]+\p{Lu}[\p{L}\p{N}.&' ]{0,30}?[ \t]+[-–—][ \t]+"
                          r"\d{1,2}[./]\d{1,2}[./]\d{2,4}(?=\s|$)")
# a lower-case word followed by a capitalised one: a missing full stop when that word opens sentences
_CAPITAL_AFTER_LOWER = regex.compile(r"(?<=\p{Ll})[ \t]+"
                                     r"(?=(\p{Lu}[\p{L}\p{M}'’ʼ]*)(?:[ \t]+([\p{L}\p{M}'’ʼ]+))?)")


@dataclass(frozen=True)
class Token:
    """One word: offsets, text and lookup form."""

    start: int
    end: int
    text: str
    low: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


class Words:
    """The words of a text with fast lookup by character offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [Token(m.start(), m.end(), m.group(), fold(m.group())) for m in _WORD.finditer(text)]
        self.starts = [t.start for t in self.tokens]
        self.lows = [t.low for t in self.tokens]

    def index_at(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        return bisect.bisect_left(self.starts, pos)

    def between(self, start: int, end: int) -> range:
        """Indices of the tokens lying inside [start, end)."""
        i = self.index_at(start)
        j = i
        while j < len(self.tokens) and self.tokens[j].end <= end:
            j += 1
        return range(i, j)


def _missing_breaks(text: str, openers: tuple[tuple[str, ...], ...]) -> set[int]:
    """Sentence boundaries without a full stop: before a dateline suffix and after it, and before a
    capitalised sentence opener ("Напередодні", "Тим часом") that follows a lower-case word."""
    cuts = set()
    for m in _DATELINE.finditer(text):
        cuts.update((m.start(), m.end()))
    if openers:
        for m in _CAPITAL_AFTER_LOWER.finditer(text):
            first, second = fold(m.group(1)), fold(m.group(2) or "")
            if any(p == (first,) or p == (first, second) for p in openers):
                cuts.add(m.start())
    return cuts


def sentence_spans(text: str, abbreviations: frozenset[str], protected: list[Span] = (),
                   openers: tuple[tuple[str, ...], ...] = ()) -> list[Span]:
    """Sentences as (start, end) spans; no boundary falls inside a ``protected`` span (a quotation).
    ``openers`` are the words that open a sentence where the source text lost its full stop."""
    cuts = {c for c in _missing_breaks(text, openers) if not any(s < c < e for s, e in protected)}
    for m in _END.finditer(text):
        end = m.end()
        if m.group()[0] == "." and not m.group().startswith(".."):
            word = regex.search(r"[\p{L}\p{M}]+$", text[max(0, m.start() - 30) : m.start()])
            w = word.group() if word else ""
            if (len(w) == 1 and w.isupper()) or (w and fold(w) in abbreviations):
                continue
        if any(s < end < e for s, e in protected):
            continue
        cuts.add(end)
    for m in regex.finditer(r"\n", text):
        cuts.add(m.start())
    out, pos = [], 0
    for cut in sorted(cuts):
        seg_start = pos
        while seg_start < cut and text[seg_start].isspace():
            seg_start += 1
        if cut > seg_start:
            out.append((seg_start, cut))
        pos = cut
    seg_start = pos
    while seg_start < len(text) and text[seg_start].isspace():
        seg_start += 1
    if seg_start < len(text):
        out.append((seg_start, len(text.rstrip())))
    return [s for s in out if s[1] > s[0]]


def paragraph_spans(text: str) -> list[Span]:
    """Paragraphs (lines) as spans."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def strip_span(text: str, start: int, end: int, chars: str = " \t\n.,;:!?-–—") -> Span:
    """Shrink [start, end) past surrounding spaces and punctuation."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end
