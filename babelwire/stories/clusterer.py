"""Online story clustering (placeholder: shared linked entities, greedy, in arrival order)."""

from __future__ import annotations

import hashlib
from typing import Any

from babelwire.model import Analysis


class StoryClusterer:
    """Assigns ``story_id`` and ``storyline_id`` to each article as it arrives."""

    def __init__(self, state: dict[str, Any] | None = None) -> None:
        state = state or {}
        self._stories: dict[str, list[str]] = dict(state.get("stories", {}))  # story id -> entity ids

    def assign(self, analysis: Analysis) -> Analysis:
        ents = {m.entity_id for m in analysis.entities if m.entity_id and m.type in ("PER", "ORG", "EVT")}
        best, best_overlap = None, 0
        for sid, members in self._stories.items():
            overlap = len(ents & set(members))
            if overlap > best_overlap:
                best, best_overlap = sid, overlap
        if best is None or best_overlap < 2:
            best = "S" + hashlib.sha1(analysis.id.encode()).hexdigest()[:12]
            self._stories[best] = []
        self._stories[best] = sorted(set(self._stories[best]) | ents)
        return analysis.with_(story_id=best, storyline_id="L" + best[1:])

    def state(self) -> dict[str, Any]:
        return {"stories": self._stories}
