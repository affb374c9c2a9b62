"""The one data model of babelwire: articles in, annotations out.

Every record is a frozen dataclass with a JSON round-trip (``to_dict`` / ``from_dict``).
Offsets are always character offsets into the ``text`` of the :class:`Analysis` that holds them.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, ClassVar

ENTITY_TYPES = ("PER", "ORG", "LOC", "EVT", "PRO", "MISC")

Span = tuple[int, int]


def content_hash(text: str) -> str:
    """Stable hash of an article's text (whitespace-normalised), the store's idempotency key."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


class _Record:
    """JSON round-trip shared by all records."""

    _tuple_fields: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class Article(_Record):
    """One input article as read from a source, before any analysis.

    ``text`` is the article text exactly as given (plain text, or the text extracted from HTML);
    ``html`` keeps the raw markup when the source was HTML.
    """

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD publication date
    url: str | None = None
    outlet: str | None = None
    source: str | None = None  # file (and line) it came from
    html: str | None = None

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True)
class Mention(_Record):
    """A named-entity mention; ``entity_id``/``canonical`` are filled by corpus-level linking."""

    start: int
    end: int
    text: str
    type: str
    lemma: str
    entity_id: str | None = None
    canonical: str | None = None


@dataclass(frozen=True)
class Role(_Record):
    """A title or role attached to a person mention ("речник президента", "Venezuelan President")."""

    start: int
    end: int
    text: str
    key: str | None  # normalised role key ("spokesperson", "president"), language independent
    holder_start: int  # the mention the role belongs to
    holder_end: int
    entity_id: str | None = None


@dataclass(frozen=True)
class Quote(_Record):
    """A quotation (direct) or reported statement (indirect) with its speaker mention."""

    start: int
    end: int
    quote: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    direct: bool
    speaker_entity_id: str | None = None


@dataclass(frozen=True)
class Timex(_Record):
    """A time expression with its TIMEX3 type (DATE, TIME, DURATION, SET) and normalised value."""

    start: int
    end: int
    text: str
    type: str
    value: str | None  # None when nothing honest can be said ("минулого тижня" with no publication date)


@dataclass(frozen=True)
class Analysis(_Record):
    """Everything babelwire says about one article; serialises to the analysis contract of DESIGN.md."""

    id: str
    lang: str
    text: str
    furniture: tuple[Span, ...] = ()
    entities: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    dates: tuple[Timex, ...] = ()
    roles: tuple[Role, ...] = ()
    title: str | None = None
    published: str | None = None
    url: str | None = None
    content_hash: str = ""
    paragraph_langs: tuple[tuple[int, int, str], ...] = ()  # (start, end, lang) where a paragraph differs
    story_id: str | None = None
    storyline_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["furniture"] = [list(s) for s in self.furniture]
        d["paragraph_langs"] = [list(s) for s in self.paragraph_langs]
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            id=data["id"],
            lang=data.get("lang", "und"),
            text=data["text"],
            furniture=tuple(tuple(s) for s in data.get("furniture", ())),  # type: ignore[misc]
            entities=tuple(Mention.from_dict(m) for m in data.get("entities", ())),
            quotes=tuple(Quote.from_dict(q) for q in data.get("quotes", ())),
            dates=tuple(Timex.from_dict(t) for t in data.get("dates", ())),
            roles=tuple(Role.from_dict(r) for r in data.get("roles", ())),
            title=data.get("title"),
            published=data.get("published"),
            url=data.get("url"),
            content_hash=data.get("content_hash") or content_hash(data["text"]),
            paragraph_langs=tuple(tuple(p) for p in data.get("paragraph_langs", ())),  # type: ignore[misc]
            story_id=data.get("story_id"),
            storyline_id=data.get("storyline_id"),
        )

    def with_(self, **changes: Any) -> Analysis:
        return replace(self, **changes)


@dataclass(frozen=True)
class Entity(_Record):
    """A canonical real-world entity built by linking mentions across articles and languages."""

    id: str
    canonical: str
    type: str
    aliases: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    qid: str | None = None
    mention_count: int = 0


@dataclass(frozen=True)
class Story(_Record):
    """A cluster of articles about one event; ``storyline_id`` groups related stories over time."""

    id: str
    storyline_id: str
    title: str
    article_ids: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    first_published: str | None = None
    last_published: str | None = None
    top_entities: tuple[str, ...] = field(default_factory=tuple)
