"""Keys of names for linking: whole-name keys, and the parts of a person's name.

All keys are romanised and folded (:mod:`babelwire.languages.translit`), after the language's nominative
endings are stripped where the language adds them to foreign names (lemmas.toml ``link_strip_endings``:
Lithuanian "Peskovas" → "Peskov"), so "Peskovas", "Пєсков" and "Песков" share the surname key ``peskov``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex
from rapidfuzz.fuzz import ratio

from babelwire.languages.gazetteer import loose_key
from babelwire.languages.resources import resources_for
from babelwire.languages.translit import ascii_name, name_key

_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}'’ʼ-]*\.?|\p{Lu}\.")
_INITIAL = regex.compile(r"^(?:\p{Lu}\p{Ll}{0,2}\.|\p{Lu})$")


@lru_cache(maxsize=256)
def strip_endings_for(lang: str) -> tuple[str, ...]:
    """The endings ``lang`` adds to names (longest first), from its lemmas.toml ``link_strip_endings``."""
    try:
        ends = resources_for(lang).section("lemmas").get("link_strip_endings", [])
    except ValueError:  # a broken resource file elsewhere must not stop linking
        ends = []
    return tuple(sorted(ends, key=len, reverse=True))


def strip_ending(word: str, endings: tuple[str, ...]) -> str:
    """``word`` without the first of ``endings`` it ends with (keeping at least 3 letters)."""
    low = word.lower()
    for e in endings:
        if low.endswith(e) and len(word) - len(e) >= 3:
            return word[: len(word) - len(e)]
    return word


def stripped(name: str, lang: str) -> str:
    """``name`` with each word's nominative ending stripped (languages that add endings to names)."""
    ends = strip_endings_for(lang)
    if not ends:
        return name
    return " ".join(strip_ending(w, ends) for w in name.split())


def name_keys(name: str, lang: str) -> list[str]:
    """Keys of a whole name, most specific first: as written, endings stripped, loose."""
    out = []
    for k in (name_key(name), name_key(stripped(name, lang))):
        if k and k not in out:
            out.append(k)
    if out and len(out[-1]) >= 5:
        lk = loose_key(out[-1])
        if lk not in out:
            out.append(lk)
    return out


# First letters that romanisations swap ("J." ~ "Йосип" ~ "Iosif", "K." ~ "Carlos", "V." ~ "Władimir").
_LETTER_CLASS = str.maketrans({"j": "i", "y": "i", "c": "k", "q": "k", "x": "k", "w": "v", "g": "h",
                               "z": "s"})


def first_letter(word: str) -> str:
    """The letter class of the first letter of ``word`` in any script ("Дмитро" → "d", "John" → "i")."""
    a = "".join(ch for ch in name_key(word) if ch.isalpha())
    raw = next((ch.lower() for ch in ascii_name(word) if ch.isalpha()), a[:1])
    return raw.translate(_LETTER_CLASS)


@dataclass(frozen=True)
class PersonName:
    """A person's name split into given-name keys, initials and a surname key."""

    given: tuple[str, ...]  # folded keys of full given names
    initials: tuple[str, ...]  # letter classes of initials ("V." → "v")
    surname: str | None  # folded, loose key of the last name
    given_letters: tuple[str, ...] = ()  # letter classes of the full given names

    @property
    def first_letters(self) -> tuple[str, ...]:
        return self.initials or self.given_letters


def _word_key(word: str, lang: str) -> str:
    return name_key(strip_ending(word, strip_endings_for(lang)))


def person_name(lemma: str, lang: str) -> PersonName:
    """Split ``lemma`` ("V. Putinas", "Дмитро Пєсков", "N.Maduro") into keyed parts."""
    tokens = [t for t in _TOKEN.findall(lemma) if t]
    if not tokens:
        return PersonName((), (), None)
    initials, words = [], []
    for t in tokens:
        if _INITIAL.match(t):
            k = first_letter(t.rstrip("."))
            if k:
                initials.append(k)
        else:
            words.append(t.rstrip("."))
    if not words:
        return PersonName((), tuple(initials), None)
    surname = loose_key(_word_key(words[-1], lang).replace(" ", ""))
    given = tuple(k for k in (_word_key(w, lang).replace(" ", "") for w in words[:-1]) if k)
    letters = tuple(k for k in (first_letter(w) for w in words[:-1]) if k)
    return PersonName(given, tuple(initials), surname or None, letters)


def given_compatible(a: str, b: str) -> bool:
    """Two given-name keys can name one person ("volodimir" ~ "vladimir", "huho" ~ "uho")."""
    if a == b or a.startswith(b) or b.startswith(a):
        return True
    return ratio(a, b) >= 75 or ratio(a.lstrip("h"), b.lstrip("h")) >= 80
