"""Nominative forms of names by hand-written ending tables (Lithuanian; any language that declines names by
endings alone can use it by shipping the tables in its ``lemmas.toml``).

Lithuanian adds case endings to every name, foreign ones included ("V. Putinui", "Donaldo Trumpo",
"Jungtinėse Valstijose"), and no offline morphological dictionary exists for it, so the endings are data:
``[endings.all]`` / ``[endings.PER]`` / ``[endings.other]`` map an oblique ending to the nominative endings it
may come from (the first is the default). How a name is read:
- persons: every word is declined (initials, acronyms, ``indeclinable`` foreign words such as "Maduro",
  and words with no known ending such as "Portman" stay);
- other names: the last word is the head and is declined; a word before it is declined only when its
  nominative is an adjective (``adjective_nominatives``: "Jungtinėse" → "Jungtinės"); genitive modifiers
  stay ("Kauno sporto mokyklos" → "Kauno sporto mokykla").
Where an ending has several readings, a reading that is a known name (the gazetteer: CLDR, GeoNames and
curated nominatives such as "Rusija", "Maskva", "Jungtinės Valstijos") wins over the default.
"""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any

import regex

_WORD = regex.compile(r"[\p{L}\p{M}]+(?:[-'’][\p{L}\p{M}]+)*\.?")


@cache
def _tables(lang: str, frozen: tuple) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    conf = dict(frozen)
    base = dict(conf.get("all", ()))
    per = {**base, **dict(conf.get("PER", ()))}
    other = {**base, **dict(conf.get("other", ()))}
    return per, other


def _freeze(endings: dict[str, Any]) -> tuple:
    return tuple((k, tuple((e, tuple(v)) for e, v in sorted(t.items()))) for k, t in sorted(endings.items()))


def _fixed(word: str, indeclinable: frozenset[str]) -> bool:
    return (len(word) <= 2 or word.endswith(".") or (word.isupper() and len(word) <= 6)
            or word.casefold() in indeclinable or any(c.isdigit() for c in word))


def _readings(word: str, table: dict[str, tuple[str, ...]]) -> list[str]:
    """Nominative readings of ``word`` by its longest known ending, default first; [word] when none."""
    low = word.lower()
    for k in range(min(len(low) - 2, 6), 0, -1):
        reps = table.get(low[-k:])
        if reps is not None:
            stem = word[:-k]
            out = [stem + r if not word.isupper() else (stem + r).upper() for r in reps]
            return list(dict.fromkeys(out)) or [word]
    return [word]


def nominative(text: str, type_: str, lang: str, conf: dict[str, Any]) -> str:
    """The nominative of the name ``text`` by the ending tables of ``conf`` (the language's lemmas.toml)."""
    per_table, other_table = _tables(lang, _freeze(conf.get("endings", {})))
    table = per_table if type_ == "PER" else other_table
    indeclinable = frozenset(w.casefold() for w in conf.get("indeclinable", ()))
    adjectives = tuple(conf.get("adjective_nominatives", ()))
    matches = list(_WORD.finditer(text))
    if not matches:
        return text
    words = [m.group() for m in matches]
    options: list[list[str]] = []
    head = len(words) - 1
    for i, w in enumerate(words):
        if _fixed(w, indeclinable):
            options.append([w])
            continue
        reads = _readings(w, table)
        if type_ == "PER" or i == head:
            options.append(reads)
        else:  # before the head: only agreeing adjectives are declined
            adj = [r for r in reads if r.lower().endswith(adjectives)]
            options.append(adj + [w] if adj else [w])
    choice = [o[0] for o in options]
    if any(len(o) > 1 for o in options):
        from babelwire.languages.gazetteer import gazetteer

        gaz = gazetteer()
        for combo in itertools.islice(itertools.product(*options), 32):
            if gaz.is_known_name(rejoin(text, matches, combo)):
                choice = list(combo)
                break
    return rejoin(text, matches, choice)


def rejoin(text: str, matches: list, words) -> str:
    """``text`` with the word at each regex match replaced by the corresponding new word."""
    out, pos = [], 0
    for m, w in zip(matches, words, strict=False):
        out.append(text[pos : m.start()])
        out.append(w)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)
