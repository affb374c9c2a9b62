"""Per-article extractors: pure functions from an :class:`ArticleText` to annotations.

No I/O, no global mutable state: everything an extractor needs is in the ``ArticleText``
(text, language, resources, furniture spans, publication date) and the earlier annotations.
"""

from babelwire.extract.context import ArticleText

__all__ = ["ArticleText"]
