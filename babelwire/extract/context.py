"""The input every extractor receives."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date

from babelwire.languages.resources import Resources
from babelwire.model import Span


@dataclass(frozen=True)
class ArticleText:
    """An article's clean text with what extractors need to read it."""

    text: str
    lang: str
    resources: Resources
    furniture: tuple[Span, ...] = ()
    published: date | None = None
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "furniture", tuple(sorted(self.furniture)))
        object.__setattr__(self, "_starts", tuple(s for s, _ in self.furniture))

    def in_furniture(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a furniture span."""
        i = bisect.bisect_right(self._starts, end - 1) - 1
        return i >= 0 and self.furniture[i][1] > start

    def content_segments(self) -> list[Span]:
        """The parts of the text outside furniture, in order."""
        out, pos = [], 0
        for s, e in self.furniture:
            if s > pos:
                out.append((pos, s))
            pos = max(pos, e)
        if pos < len(self.text):
            out.append((pos, len(self.text)))
        return out
