"""A language's time vocabulary: the ``dates`` resource section turned into lookup tables.

Base month and weekday names come from CLDR (babel) for the locale the data names; every other
form (grammatical cases, relative words, units, number words) is written in ``dates.toml`` because
CLDR has only nominative/genitive names and no relative or unit vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from babelwire.languages.resources import Resources

# slot kind -> TOML table whose keys are the values (str) and whose values are lists of forms
TABLE_SLOTS = {
    "month": "months", "weekday": "weekdays", "season": "seasons", "daypart": "day_parts",
    "clock_word": "clock_words", "unit": "units", "number": "numbers", "ordinal": "ordinals",
    "rel": "relative", "deictic": "deictic", "ref": "refs", "set_word": "sets",
    "vague_duration": "vague_durations", "relyear": "relative_years",
}
# slot kind -> TOML key holding a plain list of forms
LIST_SLOTS = (
    "every", "per", "ago", "ago_pre", "later", "year_word", "day_word", "month_word", "prep", "pos",
    "pos_post", "approx", "dur_prefix", "range_sep", "prev_day", "same_day", "hour_word", "am", "pm",
    "at", "det", "of", "year_pre", "utc", "needs_capital", "night_on", "dur_signal", "not_after",
    "vague_number", "day_suffix", "decade_suffix", "future_cues", "future_suffixes", "age_forms",
    "units_plural",
)
_INT_TABLES = {"months", "weekdays", "numbers", "ordinals", "deictic", "relative_years"}
_REL_OFFSETS = {"before_last": -2, "last": -1, "this": 0, "next": 1, "after_next": 2}


def _norm(form: str) -> str:
    return " ".join(form.casefold().replace("’", "'").replace("ʼ", "'").split())


def _cldr_names(locale: str) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Month (1..12) and ISO weekday (1..7) names of every CLDR width and context."""
    from babel.dates import get_day_names, get_month_names

    months: dict[int, list[str]] = {i: [] for i in range(1, 13)}
    days: dict[int, list[str]] = {i: [] for i in range(1, 8)}
    for ctx in ("format", "stand-alone"):
        for i, name in get_month_names("wide", ctx, locale).items():
            months[i].append(name)
        wide = get_month_names("wide", ctx, locale)
        for i, name in get_month_names("abbreviated", ctx, locale).items():
            # abbreviations only with their dot ("Jan." not "Jan"), and not a whole name plus a full stop
            if len(name.rstrip(".")) >= 3 and name.rstrip(".") != wide[i]:
                months[i].append(name if name.endswith(".") else name + ".")
        for i, name in get_day_names("wide", ctx, locale).items():
            days[i + 1].append(name)
    return months, days


@dataclass(frozen=True, eq=False)  # identity hash: one cached instance per language
class Vocabulary:
    """Forms of each slot kind, with the value each form stands for."""

    lang: str
    values: dict[str, dict[str, Any]]  # slot kind -> {normalised form: value}
    options: dict[str, Any]

    def alternation(self, kind: str) -> str:
        """A regex matching any form of ``kind``, built as a trie (fast); never matches when empty."""
        forms = self.values.get(kind, {})
        if not forms:
            return "(?!)"
        return _trie_regex(list(forms))

    def value(self, kind: str, text: str | None) -> Any:
        if text is None:
            return None
        return self.values.get(kind, {}).get(_norm(text))

    def has(self, kind: str, text: str | None) -> bool:
        return text is not None and _norm(text) in self.values.get(kind, {})


def _char(c: str) -> str:
    if c == " ":
        return r"\s+"
    if c == "'":
        return "['’ʼ]"
    return regex.escape(c)


def _trie_regex(forms: list[str]) -> str:
    """One regex for many literal forms, factored by common prefixes (greedy: longer forms first)."""
    trie: dict = {}
    for f in forms:
        node = trie
        for c in f:
            node = node.setdefault(c, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        branches = [_char(c) + build(child) for c, child in sorted(node.items()) if c != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return "(?:" + build(trie) + ")"


def build_vocabulary(lang: str, section: dict[str, Any]) -> Vocabulary:
    """Vocabulary from a ``dates`` resource section (plus CLDR names for its ``cldr_locale``)."""
    values: dict[str, dict[str, Any]] = {}
    for kind, table in TABLE_SLOTS.items():
        out: dict[str, Any] = {}
        for key, forms in (section.get(table) or {}).items():
            if table == "relative":
                val: Any = _REL_OFFSETS.get(key, 0)
            elif table in _INT_TABLES:
                val = int(key)
            else:
                val = key
            for f in forms:
                out.setdefault(_norm(f), val)
        values[kind] = out
    for kind in LIST_SLOTS:
        values[kind] = {_norm(f): True for f in section.get(kind, [])}
    locale = section.get("cldr_locale")
    if locale:
        try:
            months, days = _cldr_names(locale)
        except Exception:  # an unknown locale only means no CLDR names; the TOML forms still work
            months, days = {}, {}
        for i, names in months.items():
            for n in names:
                values["month"].setdefault(_norm(n), i)
        for i, names in days.items():
            for n in names:
                values["weekday"].setdefault(_norm(n), i)
    _inflect(values, section.get("suffixes") or {})
    options = {k: v for k, v in section.items() if not isinstance(v, (dict, list))}
    return Vocabulary(lang=lang, values=values, options=options)


def _inflect(values: dict[str, dict[str, Any]], suffixes: dict[str, list[str]]) -> None:
    """Agglutinative case endings as data: ``[suffixes] month = ["s", "st"]`` adds "märtsis", "märtsist"."""
    for kind, ends in suffixes.items():
        table = values.get(kind)
        if not table:
            continue
        for form, val in list(table.items()):
            if form.endswith(".") or " " in form:
                continue
            for end in ends:
                table.setdefault(form + _norm(end), val)


@cache
def vocabulary_for(resources: Resources) -> Vocabulary:
    """The (cached) vocabulary of a language's resources."""
    return build_vocabulary(resources.lang, resources.section("dates"))
