"""Time expressions with TIMEX3 types and values, resolved against the publication date.

The work is done by :mod:`babelwire.extract.timex`: a language-independent grammar whose words come
from each language's ``dates.toml`` (plus CLDR month and weekday names).
"""

from __future__ import annotations

from babelwire.extract.context import ArticleText
from babelwire.extract.timex import find_timexes
from babelwire.model import Timex


def extract_dates(doc: ArticleText) -> tuple[Timex, ...]:
    """Every time expression outside page furniture (DATE, TIME, DURATION, SET).

    ``value`` is a TIMEX3 value, or ``None`` where nothing honest can be said (a relative expression
    such as "last week" in an article with no publication date).
    """
    return tuple(
        Timex(start=f.start, end=f.end, text=doc.text[f.start:f.end], type=f.type, value=f.value)  # type: ignore[arg-type]
        for f in find_timexes(doc)
    )
