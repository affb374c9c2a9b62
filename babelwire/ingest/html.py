"""Main-text extraction from article HTML (boilerplate removal by trafilatura).

Navigation, sidebars, footers and cookie banners are dropped by trafilatura; the title, the publication
date (from the page's metadata only, never guessed from the body) and the canonical URL are kept.
Paragraphs are joined with a blank line, as in plain-text input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


class HtmlError(ValueError):
    """The HTML holds no usable article text."""


@dataclass(frozen=True)
class HtmlArticle:
    text: str
    title: str | None
    published: str | None  # YYYY-MM-DD
    url: str | None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>`` / ``http-equiv`` (first 4 KB), if Python knows it."""
    import codecs

    found = _META_CHARSET.search(data[:4096])
    if found is None:
        return None
    name = found.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _extract(html: str, url: str | None, precision: bool):
    return trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, with_metadata=True,
        favor_precision=precision, favor_recall=not precision, date_extraction_params=_DATE_PARAMS)


def extract_html(html: str, url: str | None = None) -> HtmlArticle:
    """The article's main text and metadata; raises :class:`HtmlError` when the page has no main text."""
    if not html.strip():
        raise HtmlError("empty HTML page")
    if "<" not in html:
        raise HtmlError("no HTML markup found")
    doc = None
    try:
        doc = _extract(html, url, precision=True)
        if doc is None or not (doc.text or "").strip():
            doc = _extract(html, url, precision=False)
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken markup
        raise HtmlError(f"malformed HTML ({type(exc).__name__}: {exc})") from exc
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        raise HtmlError("no article text found in the HTML (only navigation, markup or scripts)")
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    published = doc.date[:10] if doc.date and re.match(r"\d{4}-\d{2}-\d{2}", doc.date) else None
    return HtmlArticle(text="\n\n".join(paragraphs), title=doc.title or None, published=published,
                       url=doc.url or url)
