"""Main-text extraction from article HTML (boilerplate removal by trafilatura)."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura


@dataclass(frozen=True)
class HtmlArticle:
    text: str
    title: str | None
    published: str | None
    url: str | None


def extract_html(html: str) -> HtmlArticle:
    """The article's main text and metadata; raises ValueError when the page has no main text."""
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        text = trafilatura.extract(html, include_comments=False, favor_recall=True)
    if not text or not text.strip():
        raise ValueError("no article text found in the HTML")
    meta = trafilatura.extract_metadata(html)
    published = meta.date[:10] if meta is not None and meta.date else None
    return HtmlArticle(
        text=text,
        title=meta.title if meta is not None else None,
        published=published,
        url=meta.url if meta is not None else None,
    )
