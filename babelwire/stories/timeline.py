"""A story's dated events and summary from its analysed articles (``babelwire stories``, ``story ID``)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from babelwire.model import Analysis

_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")  # 2019, 2019-10, 2019-10-02 (not weeks or durations)
_SENT_END = re.compile(r"[.!?…]\s|\n")


def _sentence(text: str, start: int, end: int, limit: int = 240) -> str:
    """The sentence around [start, end), trimmed to ``limit`` characters."""
    left = max((m.end() for m in _SENT_END.finditer(text, 0, start)), default=0)
    right = _SENT_END.search(text, end)
    s = text[left:right.start() + 1 if right else len(text)].strip()
    return s if len(s) <= limit else s[:limit - 1] + "…"


def timeline(analyses: list[Analysis]) -> list[dict[str, Any]]:
    """Dated events told in the articles, oldest first: one entry per calendar date value.

    Each entry has the date (TIMEX3 value: day, month or year), how many articles mention it, and the
    sentences that mention it (one per article), so a reader sees what happened when, in every language.
    Publication dates are listed as ``published`` entries when no article mentions that day.
    """
    events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in analyses:
        seen = set()
        for t in a.dates:
            if t.type != "DATE" or not isinstance(t.value, str) or not _CALENDAR.match(t.value):
                continue
            if t.value in seen:
                continue
            seen.add(t.value)
            events[t.value].append({"article_id": a.id, "lang": a.lang, "text": t.text,
                                    "sentence": _sentence(a.text, t.start, t.end)})
    published = Counter(a.published[:10] for a in analyses if a.published)
    out = [{"date": value, "kind": "event", "articles": len(ms), "mentions": ms}
           for value, ms in events.items()]
    out += [{"date": day, "kind": "published", "articles": n, "mentions": []}
            for day, n in published.items() if day not in events]
    return sorted(out, key=lambda e: (e["date"], e["kind"] != "event"))


def _headline(a: Analysis) -> str:
    if isinstance(a.title, str) and a.title.strip():
        return a.title.strip()
    first = a.text.strip().split("\n", 1)[0]
    return first if len(first) <= 160 else first[:159] + "…"


def summarize(analyses: list[Analysis], top: int = 8) -> dict[str, Any]:
    """Size, languages, time span, top entities and a title for a story (or storyline) of articles.

    The title is the headline of the article that shares most top entities with the others, written
    in the most common language of the story.
    """
    if not analyses:
        return {"size": 0, "languages": {}, "first_published": None, "last_published": None,
                "top_entities": [], "title": ""}
    langs = Counter(a.lang for a in analyses)
    ents: Counter[str] = Counter()
    names: dict[str, str] = {}
    for a in analyses:
        for m in a.entities:
            key = m.entity_id or m.lemma
            names.setdefault(key, m.canonical or m.lemma)
        for key in {m.entity_id or m.lemma for m in a.entities}:
            ents[key] += 1
    top_keys = [k for k, _ in ents.most_common(top)]
    main_lang = langs.most_common(1)[0][0]

    def centrality(a: Analysis) -> tuple[int, int]:
        own = {m.entity_id or m.lemma for m in a.entities}
        return (sum(ents[k] for k in own & set(top_keys)), int(a.lang == main_lang))

    days = sorted(a.published[:10] for a in analyses if a.published)
    return {
        "size": len(analyses),
        "languages": dict(langs.most_common()),
        "first_published": days[0] if days else None,
        "last_published": days[-1] if days else None,
        "top_entities": [{"entity_id": k, "name": names[k], "articles": ents[k]} for k in top_keys],
        "title": _headline(max(analyses, key=centrality)),
    }
