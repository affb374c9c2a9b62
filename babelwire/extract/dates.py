"""Time expressions with TIMEX3 values (placeholder: ISO dates and bare years)."""

from __future__ import annotations

import regex

from babelwire.extract.context import ArticleText
from babelwire.model import Timex

_ISO = regex.compile(r"\b(1[89]\d\d|20\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b|\b(1[89]\d\d|20\d\d)\b")


def extract_dates(doc: ArticleText) -> tuple[Timex, ...]:
    """DATE expressions found in the text."""
    out = []
    for m in _ISO.finditer(doc.text):
        if doc.in_furniture(*m.span()):
            continue
        out.append(Timex(start=m.start(), end=m.end(), text=m.group(), type="DATE", value=m.group()))
    return tuple(out)
