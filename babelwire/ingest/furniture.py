"""Marking page furniture in plain text: captions, "Related articles:" blocks, share lines.

Furniture is marked as spans and left in the text, so offsets stay valid; extractors skip it.
The markers are language data (``languages/data/<lang>/furniture.toml``). The article's language is
only a guess when furniture is marked, so the markers of every language are applied at once.

The hard part is where a block ends when the page was flattened into one paragraph, as in
"… nuo sausio. Susiję straipsniai: Rusijai – pasiūlymas … naujienomis N. Maduro sakė …". No library
does this, so it is written here (see :mod:`babelwire.ingest.block_end`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property

from babelwire.ingest.block_end import Token, TokenStream, block_end, tokenize
from babelwire.languages.resources import available_languages, resources_for
from babelwire.model import Span

MAX_CAPTION_LINE_WORDS = 30
MAX_LINE_CREDIT_WORDS = 6  # "… Фото: GLOBAL LOOK press/Dinendra Haria" ends a caption line
MAX_LABEL_WORDS = 3  # "кремль": a stray section label between paragraphs
MAX_HEADLINE_LINE_WORDS = 20


@dataclass(frozen=True)
class FurnitureMarkers:
    """All languages' furniture markers, compiled."""

    related: re.Pattern[str]
    caption: re.Pattern[str]
    credit: re.Pattern[str]
    credit_suffix: re.Pattern[str] | None
    line_start: re.Pattern[str]
    social: frozenset[str]
    timestamp: re.Pattern[str] | None
    abbreviations: frozenset[str]
    joining: frozenset[str]
    max_line_words: int


def _alternation(phrases: set[str], boundary_after: bool = False) -> str:
    parts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    tail = r"(?!\w)" if boundary_after else ""
    return "(?:" + "|".join(re.escape(p) + (tail if p[-1].isalnum() else "") for p in parts) + ")"


# A "Related articles:" marker counts only where a block can start: at a line start, or after the end of
# a sentence. Caption and credit markers run on from headlines and credits without punctuation, so they
# count at any word start, but only as written (capitalised or upper case), never lower-cased mid-sentence.
_BLOCK_START = r"(?:^|(?<=\n)|(?<=[.!?…»“”\"')\]])\s+)"
_WORD_START = r"(?<!\w)"


@cache
def furniture_markers() -> FurnitureMarkers:
    """Markers of all languages merged (loaded once)."""
    merged: dict[str, set[str]] = {}
    max_line_words = 12
    for lang in ["_common", *available_languages()]:
        section = resources_for("" if lang == "_common" else lang).section("furniture")
        for key, value in section.items():
            if isinstance(value, list):
                merged.setdefault(key, set()).update(str(v) for v in value)
            elif key == "max_line_words":
                max_line_words = max(max_line_words, int(value))

    def block(key: str) -> re.Pattern[str]:
        phrases = merged.get(key, set()) or {"\x00"}
        return re.compile(_BLOCK_START + "(?P<m>" + _alternation(phrases, True) + ")", re.IGNORECASE)

    def word(key: str) -> re.Pattern[str]:
        phrases = merged.get(key, set()) or {"\x00"}
        phrases = phrases | {p.upper() for p in phrases}
        return re.compile(_WORD_START + "(?P<m>" + _alternation(phrases, True) + ")")

    stamps = merged.get("timestamp", set())
    suffixes = merged.get("credit_suffix", set())
    return FurnitureMarkers(
        related=block("related"),
        caption=word("caption"),
        credit=word("credit"),
        credit_suffix=re.compile(_WORD_START + _alternation(suffixes, True)) if suffixes else None,
        line_start=re.compile(r"^\s*" + _alternation(merged.get("line", set()) or {"\x00"}, True), re.I),
        social=frozenset(s.lower() for s in merged.get("social", set())),
        timestamp=re.compile("|".join(f"(?:{p})" for p in sorted(stamps)), re.IGNORECASE) if stamps else None,
        abbreviations=frozenset(a.lower() for a in merged.get("abbreviations", set())),
        joining=frozenset(j.lower() for j in merged.get("joining", set())),
        max_line_words=max_line_words,
    )


@cache
def _joining(lang: str, markers: FurnitureMarkers) -> frozenset[str]:
    """Function words of ``lang`` (of all languages when ``lang`` has none)."""
    own = resources_for(lang).section("furniture").get("joining", []) if lang in available_languages() else []
    return frozenset(w.lower() for w in own) if own else markers.joining


def mark_furniture(text: str, lang: str) -> tuple[Span, ...]:
    """Spans of ``text`` that are page furniture, not article content (sorted, non-overlapping).

    The markers of all languages are applied, since ``lang`` is only a guess at this point; the guess
    only picks the function words and the dictionary that tell where a block ends.
    """
    if not text.strip():
        return ()
    markers = furniture_markers()
    page = _Page(text, markers, lang)
    spans = [*page.label_lines(), *page.share_lines(), *page.caption_lines(), *page.blocks(),
             *page.credits(), *page.credit_suffixes(), *page.timestamps()]
    return _merge(text, spans)


def _merge(text: str, spans: list[Span]) -> tuple[Span, ...]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        if out and (s <= out[-1][1] or (not text[out[-1][1]:s].strip() and "\n" not in text[out[-1][1]:s])):
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


class _Page:
    """One text with its lines, tokens and vocabulary, and the furniture finders that read it."""

    def __init__(self, text: str, markers: FurnitureMarkers, lang: str = "und") -> None:
        self.text = text
        self.m = markers
        self.lang = lang
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]

    @cached_property
    def stream(self) -> TokenStream:
        """Tokens and vocabulary, built only for texts that have a block, caption or credit marker."""
        tokens: list[Token] = tokenize(self.text)
        return TokenStream(self.text, tokens, self.m.abbreviations, _joining(self.lang, self.m), self.lang)

    # -- lines -------------------------------------------------------------------------------
    def _line_bounds(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.line_starts, pos) - 1
        start = self.line_starts[i]
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end

    def _lines(self) -> Iterator[tuple[int, int, str]]:
        for start in self.line_starts:
            end = self.text.find("\n", start)
            end = len(self.text) if end < 0 else end
            yield start, end, self.text[start:end]

    def _blank(self, start: int, end: int) -> bool:
        return not self.text[start:end].strip()

    def label_lines(self) -> Iterator[Span]:
        """A short lower-case line standing alone between paragraphs ("кремль") is a section label."""
        lines = list(self._lines())
        if sum(1 for _, _, s in lines if s.strip()) < 3:
            return
        for i, (start, end, line) in enumerate(lines):
            words = line.split()
            if not words or len(words) > MAX_LABEL_WORDS:
                continue
            first = next((c for c in line if c.isalpha()), "")
            if not first or not first.islower() or line.rstrip()[-1] in ".!?…:;,":
                continue
            before_blank = i == 0 or not lines[i - 1][2].strip()
            after_blank = i == len(lines) - 1 or not lines[i + 1][2].strip()
            if before_blank and after_blank and any(c.isalpha() for c in line):
                yield start, end

    def share_lines(self) -> Iterator[Span]:
        """Short share, subscribe, follow and advertising lines."""
        for start, end, line in self._lines():
            words = line.split()
            if not words or len(words) > self.m.max_line_words:
                continue
            buttons = sum(1 for w in words if w.strip("|·•,;:-–").lower() in self.m.social)
            if self.m.line_start.match(line) or buttons >= 2:
                yield start, end

    def caption_lines(self) -> Iterator[Span]:
        """A short line that ends with a photo credit ("… (Reuters nuotr.)", "… Foto: dpa") is a caption."""
        for start, end, line in self._lines():
            words = line.split()
            if not words or len(words) > MAX_CAPTION_LINE_WORDS:
                continue
            tail = line.rstrip().rstrip(")").rstrip()
            if self.m.credit_suffix is not None:
                last = self.m.credit_suffix.search(tail)
                if last is not None and last.end() == len(tail):
                    yield start, end
                    continue
            for found in self.m.credit.finditer(line):
                rest = line[found.end():].strip().rstrip(")")
                if found.start("m") > 0 and 0 < len(rest.split()) <= MAX_LINE_CREDIT_WORDS:
                    yield start, end
                    break

    # -- blocks ------------------------------------------------------------------------------
    def blocks(self) -> Iterator[Span]:
        """Related-article blocks and photo captions: from the marker to where the article resumes."""
        for pattern, caption in ((self.m.related, False), (self.m.caption, True)):
            for found in pattern.finditer(self.text):
                yield from self._block(found.start("m"), found.end("m"), caption)

    def _block(self, start: int, marker_end: int, caption: bool) -> Iterator[Span]:
        line_start, line_end = self._line_bounds(start)
        if self._blank(marker_end, line_end):
            # the marker ends its line: the headlines follow, one a line, up to a blank or sentence line
            end = line_end
            pos = line_end + 1
            while pos < len(self.text):
                _, nxt_end = self._line_bounds(pos)
                line = self.text[pos:nxt_end].strip()
                if not line or len(line.split()) > MAX_HEADLINE_LINE_WORDS or line[-1] in ".;,":
                    break
                end, pos = nxt_end, nxt_end + 1
            yield start, end
            return
        stop = self._next_marker(marker_end, line_end)
        end = block_end(self.stream, marker_end, stop)
        if caption and end == marker_end and self._blank(line_start, start) and stop == line_end:
            # a caption line ("Na zdjęciu: Emmanuel Macron i Theresa May …") that is one sentence long
            first, last = self.stream.index_at(end), self.stream.index_at(line_end) - 1
            if not any(self.stream.is_terminator(k) for k in range(first, last)):
                end = line_end
        yield start, end

    def _next_marker(self, pos: int, limit: int) -> int:
        """Where the next furniture marker starts before ``limit`` (else ``limit``)."""
        best = limit
        for pattern in (self.m.related, self.m.caption, self.m.credit):
            found = pattern.search(self.text, pos, limit)
            if found is not None and found.start("m") > pos:
                best = min(best, found.start("m"))
        return best

    # -- credits -----------------------------------------------------------------------------
    def credits(self) -> Iterator[Span]:
        """Photo credits: "Автор фото, ФК МИНАЙ", "Фото: Reuters", "(Foto: dpa)"."""
        for found in self.m.credit.finditer(self.text):
            start, marker_end = found.start("m"), found.end("m")
            paren = self.text.rfind("(", max(0, start - 2), start)
            if paren >= 0:
                close = self.text.find(")", marker_end, marker_end + 120)
                if close > 0:
                    yield paren, close + 1
                    continue
            _, line_end = self._line_bounds(start)
            yield start, self.stream.credit_end(marker_end, self._next_marker(marker_end, line_end))

    def credit_suffixes(self) -> Iterator[Span]:
        """Credits that end with their marker: "Reuters/Scanpix nuotr.", "(BNS nuotr.)"."""
        if self.m.credit_suffix is None:
            return
        for found in self.m.credit_suffix.finditer(self.text):
            start = self.stream.credit_start(found.start())
            end = found.end()
            if start > 0 and self.text[start - 1] == "(" and self.text[end:end + 1] == ")":
                start, end = start - 1, end + 1
            yield start, end

    # -- timestamps --------------------------------------------------------------------------
    def timestamps(self) -> Iterator[Span]:
        """ "31 хвилин (и) тому": stamps that stand apart from the sentences (own line, templated, or
        running straight into a caption or credit)."""
        if self.m.timestamp is None:
            return
        for found in self.m.timestamp.finditer(self.text):
            s, e = found.span()
            line_start, line_end = self._line_bounds(s)
            if self._blank(line_start, s) and self._blank(e, line_end):
                yield s, e
                continue
            if "(" in found.group():  # templated plural "(и)": only page templates write that
                yield s, e
                continue
            nxt = self._next_marker(e, min(line_end, e + 3))
            if nxt < min(line_end, e + 3):  # runs straight into a caption or a credit
                yield s, e
