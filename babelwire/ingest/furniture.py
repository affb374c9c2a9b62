"""Marking page furniture in plain text: captions, "Related articles:" blocks, share lines.

Furniture is marked as spans and left in the text, so offsets stay valid; extractors skip it.
"""

from __future__ import annotations

from babelwire.model import Span


def mark_furniture(text: str, lang: str) -> tuple[Span, ...]:
    """Spans of ``text`` that are page furniture, not article content."""
    return ()
