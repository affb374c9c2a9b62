"""A stored corpus: the pipeline's incremental steps restored from a store, fed, and saved back.

``Corpus.ingest`` is the one way articles enter a store (CLI, HTTP API and distributed runner
call it). Articles are stored in batches, each batch in one transaction together with the state
of the linker and the story clusterer, so a crash loses at most the batch in flight and never
anything committed before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from babelwire.ingest import InputProblem
from babelwire.model import Analysis, Article
from babelwire.pipeline import Pipeline, analyze_article
from babelwire.store import Store

LINKER_STATE = "linker"
STORIES_STATE = "stories"


@dataclass
class IngestReport:
    """What one ingest run did."""

    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(p.fatal for p in self.problems)


class Corpus:
    """A store together with the pipeline state that continues where the last run stopped."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pipeline = Pipeline(store.load_state(LINKER_STATE), store.load_state(STORIES_STATE))

    def ingest(
        self,
        items: Iterable[Article | InputProblem],
        batch_size: int = 50,
        on_item: Callable[[Article | InputProblem], None] | None = None,
    ) -> IngestReport:
        """Analyse and store new articles; duplicates (same content) are skipped, problems reported."""
        report = IngestReport()
        batch: list[Article] = []
        for item in items:
            if on_item is not None:
                on_item(item)
            if isinstance(item, InputProblem):
                report.problems.append(item)
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                self._store_batch(batch, report)
                batch = []
        if batch:
            self._store_batch(batch, report)
        return report

    def _store_batch(self, batch: list[Article], report: IngestReport) -> None:
        analysed: list[tuple[Article, Analysis]] = []
        seen: set[str] = set()
        for article in batch:
            if article.content_hash in seen or self.store.has_content(article.content_hash):
                report.duplicates.append(article.id)
                continue
            if self.store.has_article(article.id):
                report.problems.append(
                    InputProblem(
                        article.source or article.id,
                        f"id {article.id!r} is already stored with different content; not replaced",
                    )
                )
                continue
            try:
                analysed.append((article, analyze_article(article)))
            except Exception as exc:  # one article that breaks an extractor must not stop the run
                report.problems.append(
                    InputProblem(article.source or article.id, f"analysis failed: {exc!r}")
                )
                continue
            seen.add(article.content_hash)
        with self.store.transaction():
            for article, analysis in analysed:
                self.store.add(self.pipeline.add(analysis), source=article.source)
                report.stored.append(article.id)
            self.save_state()

    def save_state(self) -> None:
        with self.store.transaction():
            self.store.save_state(LINKER_STATE, self.pipeline.linker.state())
            self.store.save_state(STORIES_STATE, self.pipeline.clusterer.state())
            self.store.save_entities(self.pipeline.linker.entities())
