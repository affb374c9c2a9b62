"""Linking mentions to canonical entities across articles, languages and scripts (incremental).

Placeholder strategy: one entity per (type, folded lemma). The state is a plain dict so that a
store can persist it and a later run continues where the last one stopped.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from typing import Any

from babelwire.model import Analysis, Entity


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if not unicodedata.combining(c) and (c.isalnum() or c == " ")).strip()


class EntityLinker:
    """Assigns ``entity_id`` and ``canonical`` to every mention; remembers entities across calls."""

    def __init__(self, state: dict[str, Any] | None = None) -> None:
        state = state or {}
        self._ids: dict[str, str] = dict(state.get("ids", {}))
        self._names: dict[str, Counter[str]] = {k: Counter(v) for k, v in state.get("names", {}).items()}
        self._types: dict[str, str] = dict(state.get("types", {}))
        self._langs: dict[str, set[str]] = {k: set(v) for k, v in state.get("langs", {}).items()}

    def link(self, analysis: Analysis) -> Analysis:
        """The analysis with every mention (and quote speaker, role holder) linked."""
        mentions = []
        for m in analysis.entities:
            key = f"{m.type}:{_fold(m.lemma)}"
            eid = self._ids.get(key)
            if eid is None:
                eid = self._ids[key] = "E" + hashlib.sha1(key.encode()).hexdigest()[:12]
            self._names.setdefault(eid, Counter())[m.lemma] += 1
            self._types[eid] = m.type
            self._langs.setdefault(eid, set()).add(analysis.lang)
            mentions.append(m.__class__(**{**m.to_dict(), "entity_id": eid}))
        mentions = [m.__class__(**{**m.to_dict(), "canonical": self.canonical(m.entity_id)}) for m in mentions]
        by_span = {(m.start, m.end): m.entity_id for m in mentions}
        quotes = tuple(
            q.__class__(**{**q.to_dict(), "speaker_entity_id": by_span.get((q.speaker_start, q.speaker_end))})
            for q in analysis.quotes
        )
        roles = tuple(
            r.__class__(**{**r.to_dict(), "entity_id": by_span.get((r.holder_start, r.holder_end))})
            for r in analysis.roles
        )
        return analysis.with_(entities=tuple(mentions), quotes=quotes, roles=roles)

    def canonical(self, entity_id: str | None) -> str | None:
        names = self._names.get(entity_id or "")
        return names.most_common(1)[0][0] if names else None

    def entities(self) -> list[Entity]:
        return [
            Entity(id=eid, canonical=self.canonical(eid) or "", type=self._types.get(eid, "MISC"),
                   aliases=tuple(sorted(names)), languages=tuple(sorted(self._langs.get(eid, ()))),
                   mention_count=sum(names.values()))
            for eid, names in self._names.items()
        ]

    def state(self) -> dict[str, Any]:
        return {
            "ids": self._ids,
            "names": {k: dict(v) for k, v in self._names.items()},
            "types": self._types,
            "langs": {k: sorted(v) for k, v in self._langs.items()},
        }
