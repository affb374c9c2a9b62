"""A stored corpus: the pipeline's incremental steps restored from a store, fed, and saved back.

``Corpus.ingest`` is the one way articles enter a store (CLI, HTTP API and distributed runner
call it). Articles are stored in batches, each batch in one transaction together with the state
of the linker and the story clusterer, so a crash loses at most the batch in flight and never
anything committed before. The state is kept item by item (``Store.save_state_items``): a batch
writes only the entities, stories, index keys … it changed, so its cost does not grow with the corpus.
A store written before items (one JSON value per state) is migrated when first opened.

The story clusterer's nearest-neighbour index is also kept as a snapshot file beside the store
(``Store.sidecar_path``), so that opening a big store loads it instead of rebuilding it from the stored
vectors (see :mod:`babelwire.stories.persistence`); the vectors stay the source of truth.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from babelwire.ingest import InputProblem
from babelwire.link import EntityLinker
from babelwire.model import Analysis, Article, Entity
from babelwire.pipeline import Pipeline, analyze_many
from babelwire.store import Store
from babelwire.stories import persistence

LINKER_STATE = "linker"
STORIES_STATE = "stories"
MERGES_STATE = "entity_merges"  # before state items: how many linker merges the store had applied
ANN_SNAPSHOT = "stories-ann.faiss"  # the sidecar file of the clusterer's nearest-neighbour index
# When the snapshot is rewritten (always after a commit, from the index in memory, which then holds
# exactly the stored vectors). A restart loads the snapshot and adds the vectors stored after it, one by
# one (~1-2 ms each); a snapshot write costs a pass over the whole index (~2 KB a vector). So:
# - after a batch, when the vectors added since the last snapshot reach SNAPSHOT_FRACTION of all: a crash
#   then costs a restart at most that fraction of a rebuild, and as the gaps grow with the index, the
#   writes cost a constant amount per article however large the store gets;
# - at the end of an ingest run and on ``close``, when at least SNAPSHOT_MIN_NEW vectors are new (adding
#   fewer at the next start takes about a second: not worth rewriting a big file for each small run, e.g.
#   an API call that ingests a few articles; ``close`` writes any rest).
SNAPSHOT_FRACTION = 0.05
SNAPSHOT_MIN_NEW = 1000
log = logging.getLogger(__name__)


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

    snapshot_fraction = SNAPSHOT_FRACTION
    snapshot_min_new = SNAPSHOT_MIN_NEW

    def __init__(self, store: Store, workers: int | None = None) -> None:
        self.store = store
        self.workers = workers
        linker_state, old_linker = load_items(store, LINKER_STATE)
        # the nearest-neighbour index's items (the bulk of the state) are read apart: see restore_ann
        ann_keys = (persistence.ANN_START, persistence.ANN_STOP)
        story_state, old_stories = load_items(store, STORIES_STATE, skip=ann_keys)
        self.pipeline = Pipeline(linker_state, story_state)
        self._snapshot = store.sidecar_path(ANN_SNAPSHOT)
        clusterer = self.pipeline.clusterer
        # how the clusterer's nearest-neighbour index came back: from the snapshot, or rebuilt
        if old_stories:  # a whole state from before items: the clusterer built it from story centroids
            self.ann_restore = persistence.AnnRestore(len(clusterer.ann), 0)
        else:

            def load(start: str, stop: str) -> dict[str, Any]:
                return store.load_state_items(STORIES_STATE, start, stop)

            self.ann_restore = persistence.restore_ann(clusterer, load, self._snapshot)
        self._snapshot_holds = self.ann_restore.from_snapshot  # vectors in the snapshot file
        self._diverged = False  # a batch's state failed to commit: memory is ahead of the store
        if self.ann_restore.problem:  # replace the unusable file now, not to rebuild (and warn) each start
            self.save_snapshot()
        if old_linker or old_stories:
            self._migrate()

    def _migrate(self) -> None:
        """A store written before state items: write the whole state as items once, drop the old values."""
        with self.store.transaction():
            self.store.save_state_items(LINKER_STATE, *self.pipeline.linker.take_changes())
            self.store.save_state_items(STORIES_STATE, *self.pipeline.clusterer.take_changes())
            for name in (LINKER_STATE, STORIES_STATE, MERGES_STATE):
                self.store.delete_state(name)

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
        self._snapshot_if(self.snapshot_min_new)
        return report

    def close(self) -> None:
        """Write the index snapshot if it lacks vectors (the store stays open: its owner closes it)."""
        self._snapshot_if(1)

    def save_snapshot(self) -> int | None:
        """Write the clusterer's nearest-neighbour index beside the store now; its size in bytes, or None
        when there is no place for it, no vector, or the index in memory may hold vectors the store does
        not. A failed write is logged, never raised: the stored vectors are the truth."""
        clusterer = self.pipeline.clusterer
        if self._snapshot is None or self._diverged:
            return None
        try:
            size = persistence.save_ann_snapshot(clusterer, self._snapshot)
        except (OSError, RuntimeError) as exc:  # faiss raises RuntimeError when a write fails under it
            log.warning("could not write the ANN snapshot %s: %s", self._snapshot, exc)
            return None
        if size is not None:
            self._snapshot_holds = len(clusterer.ann)
        return size

    def _snapshot_if(self, new: float) -> None:
        """Write the snapshot when at least ``new`` vectors were added since it was written."""
        if len(self.pipeline.clusterer.ann) - self._snapshot_holds >= max(new, 1):
            self.save_snapshot()

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
        if analysed:
            self.store_analysed([(a, article.source) for article, a in analysed])
            report.stored.extend(article.id for article, _ in analysed)

    def store_analysed(self, analysed: list[tuple[Analysis, str | None]]) -> list[Analysis]:
        """Link and cluster analysed articles (new ids and contents; with their sources) and store them
        together with the state changes they cause, in one transaction."""
        done = self.pipeline.process_batch([a for a, _ in analysed])
        try:
            with self.store.transaction():
                for (_, source), analysis in zip(analysed, done, strict=True):
                    self.store.add(analysis, source=source)
                touched = {m.entity_id for a in done for m in a.entities if m.entity_id}
                self._save_state(touched)
        except BaseException:
            self._diverged = True  # no snapshot from now on: it could hold vectors the store lacks
            raise
        total = len(self.pipeline.clusterer.ann)
        self._snapshot_if(max(self.snapshot_min_new, self.snapshot_fraction * total))
        return done

    def _save_state(self, touched: set[str]) -> None:
        """Persist what the batch changed: linker and clusterer state items, the entities it touched,
        and new merges (each old id -> the id it resolves to now, so their order does not matter)."""
        linker_items, linker_deleted = self.pipeline.linker.take_changes()
        story_items, story_deleted = self.pipeline.clusterer.take_changes()
        merges = {k[2:]: v for k, v in linker_items.items() if k.startswith("m:")}
        changed = {k[2:] for k in linker_items if k.startswith("e:")}
        with self.store.transaction():
            self.store.save_state_items(LINKER_STATE, linker_items, linker_deleted)
            self.store.save_state_items(STORIES_STATE, story_items, story_deleted)
            self.store.save_entities(self.pipeline.linker.entities(touched | changed | set(merges.values())))
            if merges:
                self.store.apply_merges(merges)
            resolve = self.pipeline.clusterer.resolve_storyline
            line_merges = {k[2:]: resolve(k[2:]) for k in story_items if k.startswith("m:")}
            if line_merges:
                self.store.apply_storyline_merges(line_merges)


def find_entities(store: Store, name: str) -> list[Entity]:
    """Entities a name in any language, script or case may refer to (linker keys, then folded aliases).

    Only the linker's state is loaded: a lookup needs no story clusterer.
    """
    found = EntityLinker(load_items(store, LINKER_STATE)[0]).find(name)
    return found or store.find_entities(name)


def load_items(
    store: Store, name: str, skip: tuple[str, str] | None = None
) -> tuple[dict[str, Any] | None, bool]:
    """A step's state: its items (but those with keys in the range ``skip``), or (in a store written
    before items) its one old value, and whether it was the old value (which the caller should migrate)."""
    if skip is None:
        items = store.load_state_items(name)
    else:
        items = {**store.load_state_items(name, stop=skip[0]), **store.load_state_items(name, start=skip[1])}
    if items:
        return items, False
    old = store.load_state(name)
    return old, old is not None
