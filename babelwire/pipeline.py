"""The one path from an :class:`Article` to its :class:`Analysis`.

``analyze_article`` is the pure per-article part (clean, detect language, extract); a
:class:`Pipeline` adds the corpus-level, incremental steps (entity linking, story clustering).
The CLI, the HTTP API and the distributed runner all call these two and nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
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


def _analyze_or_error(article: Article) -> Analysis | str:
    try:
        return analyze_article(article)
    except Exception as exc:  # reported per article by the caller; one bad article must not stop a run
        return f"analysis failed: {exc!r}"


def analyze_many(articles: list[Article], workers: int | None = None) -> list[Analysis | str]:
    """``analyze_article`` over many articles, in order, on ``workers`` processes (default: all cores
    for large inputs). A failed article gives an error message in its place."""
    if workers is None:
        workers = (os.cpu_count() or 1) if len(articles) >= 64 else 1
    if workers <= 1 or len(articles) < 2:
        return [_analyze_or_error(a) for a in articles]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, min(32, len(articles) // (4 * workers)))
        return list(pool.map(_analyze_or_error, articles, chunksize=chunk))


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

    def process_batch(self, analyses: list[Analysis]) -> list[Analysis]:
        """Link a batch of analysed articles, re-resolve it once the batch's evidence is in (so early
        mentions carry entities merged later), then assign stories in arrival order (the batch's
        articles carry the storylines that they are in at its end)."""
        linked = self.linker.relink([self.linker.link(a) for a in analyses])
        assigned = [self.clusterer.assign(a) for a in linked]
        resolve = self.clusterer.resolve_storyline  # storylines the batch merged
        return [a.with_(storyline_id=resolve(a.storyline_id)) if a.storyline_id else a for a in assigned]

    def process(self, articles: Iterable[Article], batch_size: int = 500) -> Iterator[Analysis]:
        """Analyses of ``articles`` in order, linked and clustered batch by batch."""
        batch: list[Analysis] = []
        for article in articles:
            batch.append(analyze_article(article))
            if len(batch) >= batch_size:
                yield from self.process_batch(batch)
                batch = []
        if batch:
            yield from self.process_batch(batch)
