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
from babelwire.link import EntityLinker
from babelwire.model import Analysis, Article, Entity
from babelwire.pipeline import Pipeline, analyze_many
from babelwire.store import Store

LINKER_STATE = "linker"
STORIES_STATE = "stories"
MERGES_STATE = "entity_merges"


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

    def __init__(self, store: Store, workers: int | None = None) -> None:
        self.store = store
        self.workers = workers
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
        fresh: list[Article] = []
        seen: set[str] = set()
        for article in batch:
            if article.content_hash in seen or self.store.has_content(article.content_hash):
                report.duplicates.append(article.id)
            elif self.store.has_article(article.id):
                report.problems.append(
                    InputProblem(
                        article.source or article.id,
                        f"id {article.id!r} is already stored with different content; not replaced",
                    )
                )
            else:
                seen.add(article.content_hash)
                fresh.append(article)
        analysed: list[tuple[Article, Analysis]] = []
        for article, result in zip(fresh, analyze_many(fresh, self.workers), strict=True):
            if isinstance(result, str):
                report.problems.append(InputProblem(article.source or article.id, result))
            else:
                analysed.append((article, result))
        if not analysed:
            return
        done = self.pipeline.process_batch([a for _, a in analysed])
        with self.store.transaction():
            for (article, _), analysis in zip(analysed, done, strict=True):
                self.store.add(analysis, source=article.source)
                report.stored.append(article.id)
            touched = {m.entity_id for a in done for m in a.entities if m.entity_id}
            self._save_state(touched)

    def _save_state(self, touched: set[str]) -> None:
        """Persist the linker and clusterer state, the entities this batch touched, and new merges."""
        merges = self.pipeline.linker.merges()
        applied = int((self.store.load_state(MERGES_STATE) or {}).get("applied", 0))
        new_merges = dict(list(merges.items())[applied:])
        with self.store.transaction():
            self.store.save_state(LINKER_STATE, self.pipeline.linker.state())
            self.store.save_state(STORIES_STATE, self.pipeline.clusterer.state())
            self.store.save_entities(self.pipeline.linker.entities(touched | set(new_merges.values())))
            if new_merges:
                self.store.apply_merges(new_merges)
            self.store.save_state(MERGES_STATE, {"applied": len(merges)})


def find_entities(store: Store, name: str) -> list[Entity]:
    """Entities a name in any language, script or case may refer to (linker keys, then folded aliases).

    Only the linker's state is loaded: a lookup needs no story clusterer.
    """
    found = EntityLinker(store.load_state(LINKER_STATE)).find(name)
    return found or store.find_entities(name)
