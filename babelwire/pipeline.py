"""The one path from an :class:`Article` to its :class:`Analysis`.

``analyze_article`` is the pure per-article part (clean, detect language, extract); a
:class:`Pipeline` adds the corpus-level, incremental steps (entity linking, story clustering).
The CLI, the HTTP API and the distributed runner all call these two and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from babelwire.extract.context import ArticleText
from babelwire.extract.dates import extract_dates
from babelwire.extract.entities import extract_entities
from babelwire.extract.quotes import extract_quotes
from babelwire.extract.roles import extract_roles
from babelwire.ingest.furniture import mark_furniture
from babelwire.languages import detect_language, detect_paragraph_languages, resources_for
from babelwire.link import EntityLinker
from babelwire.model import Analysis, Article, Span
from babelwire.stories import StoryClusterer


def _published(article: Article) -> date | None:
    if not article.published:
        return None
    try:
        return date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def _without(text: str, spans: tuple[Span, ...]) -> str:
    """Text with the given spans blanked out (offsets kept), for language detection."""
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def analyze_article(article: Article) -> Analysis:
    """Per-article analysis: a pure function of the article and the packaged language resources."""
    text = article.text
    first_lang = detect_language(text)
    furniture = mark_furniture(text, first_lang)
    lang = detect_language(_without(text, furniture)) if furniture else first_lang
    doc = ArticleText(
        text=text,
        lang=lang,
        resources=resources_for(lang),
        furniture=furniture,
        published=_published(article),
    )
    entities = extract_entities(doc)
    roles = extract_roles(doc, entities)
    quotes = extract_quotes(doc, entities, roles)
    dates = extract_dates(doc)
    return Analysis(
        id=article.id,
        lang=lang,
        text=text,
        furniture=doc.furniture,
        entities=entities,
        quotes=quotes,
        dates=dates,
        roles=roles,
        title=article.title,
        published=article.published,
        url=article.url,
        content_hash=article.content_hash,
        paragraph_langs=detect_paragraph_languages(text, lang),
    )


class Pipeline:
    """Per-article analysis followed by the corpus-level, incremental steps."""

    def __init__(
        self, linker_state: dict[str, Any] | None = None, story_state: dict[str, Any] | None = None
    ) -> None:
        self.linker = EntityLinker(linker_state)
        self.clusterer = StoryClusterer(story_state)

    def add(self, analysis: Analysis) -> Analysis:
        """Link and cluster one already analysed article (in arrival order)."""
        return self.clusterer.assign(self.linker.link(analysis))

    def add_article(self, article: Article) -> Analysis:
        """Analyse, link and cluster one article."""
        return self.add(analyze_article(article))

    def process(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        for article in articles:
            yield self.add_article(article)
