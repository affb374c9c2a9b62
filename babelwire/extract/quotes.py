"""Quotations and reported speech (placeholder: paired quote marks, no speaker)."""

from __future__ import annotations

import regex

from babelwire.extract.context import ArticleText
from babelwire.model import Mention, Quote, Role

_QUOTED = regex.compile(r"[\"“«„]([^\"“”«»„\n]{20,}?)[\"”»“]")


def extract_quotes(
    doc: ArticleText, entities: tuple[Mention, ...], roles: tuple[Role, ...] = ()
) -> tuple[Quote, ...]:
    """Direct quotations between quote marks."""
    out = []
    for m in _QUOTED.finditer(doc.text):
        if doc.in_furniture(*m.span()):
            continue
        out.append(Quote(start=m.start(1), end=m.end(1), quote=m.group(1), speaker=None,
                         speaker_start=None, speaker_end=None, direct=True))
    return tuple(out)
