"""Nominative forms of names by learned ending-replacement rules (bg, cs, pl, sl, hr, sk …).

No dictionary morphology for these languages works offline with agreement, and simplemma lemmatises word by
word (adjectives to the masculine, genitive complements to the nominative: "Polskiej Agencji Inwestycji" →
"polski agencja inwestycja"). So each language ships ending rules in ``lemmas.toml``:
``[suffix_rules]`` maps ``"<context>|<ending>"`` to ``"<strip>><add>"``. The context says whether the name is
a person (``P``) or not (``O``), the word's position (0, 1, 2 = later) and whether the word before it changed
(``c``) or not (``u``): "Wielkiej Brytanii" → "Wielka Brytania" (the second word follows a declined one),
"Polskiej Agencji Inwestycji" → "Polska Agencja Inwestycji" (the third follows the head noun — in practice,
two declined words in a row are rarely followed by a third). The longest known ending wins.

The rules are learned from annotated name/lemma pairs with :func:`learn_rules` (``python -m
babelwire.languages.morph_suffix``); they are statistics of endings, no names are stored.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any

import regex
import simplemma

_WORD = regex.compile(r"[\p{L}\p{M}'’ʼ]+")
MAX_SUFFIX = 5
_VOWELS = frozenset("aeiouyáéíóúýěåäëïöüąęиаеоуыэюяіїєъь")


def _context(type_: str, index: int, prev_changed: bool) -> str:
    return f"{'P' if type_ == 'PER' else 'O'}{min(index, 2)}{'c' if prev_changed else 'u'}"


def _rule(word: str, lemma: str) -> tuple[str, str]:
    w, lm = word.lower(), lemma.lower()
    i = 0
    while i < min(len(w), len(lm)) and w[i] == lm[i]:
        i += 1
    return w[i:], lm[i:]


def _fixed(word: str) -> bool:
    """Acronyms and words of up to three letters are never declined."""
    return len(word) <= 3 or (word.isupper() and len(word) <= 6)


def _suffixes(word: str) -> list[str]:
    w = word.lower()
    return [w[len(w) - k :] if k else "" for k in range(min(len(w), MAX_SUFFIX), -1, -1)]


def learn_rules(pairs: Iterable[tuple[str, str, str]], min_count: int = 3) -> dict[str, str]:
    """Ending rules from (mention, lemma, type) pairs whose words align one to one."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for text, lemma, type_ in pairs:
        words, lwords = text.split(), lemma.split()
        if len(words) != len(lwords):
            continue
        prev = False
        for i, (w, lw) in enumerate(zip(words, lwords, strict=False)):
            if _fixed(w):
                prev = False
                continue
            strip, add = _rule(w, lw)
            if len(strip) > MAX_SUFFIX:
                prev = False
                continue
            ctx = _context(type_, i, prev)
            ctx2 = f"{ctx}+{_tail(words, i)}"
            for suf in _suffixes(w):
                if len(suf) >= len(strip):
                    counts[f"{ctx}|{suf}"][f"{strip}>{add}"] += 1
                    counts[f"{ctx2}|{suf}"][f"{strip}>{add}"] += 1
            prev = bool(strip or add)
    best = {k: c.most_common(1)[0][0] for k, c in counts.items() if sum(c.values()) >= min_count}
    # keep a rule only where it differs from what the lookup would say without it
    out: dict[str, str] = {}
    for key in sorted(best, key=lambda k: ("+" in k, len(k))):
        ctx, suf = key.split("|", 1)
        base = ctx.split("+", 1)[0]
        chain = [f"{ctx}|{suf[j:]}" for j in range(1, len(suf) + 1)] if "+" not in ctx else []
        chain += [f"{base}|{suf[j:]}" for j in range(0 if "+" in ctx else 1, len(suf) + 1)]
        parent = next((best[k] for k in chain if k in best), None)
        if parent is None or parent != best[key]:
            out[key] = best[key]
    return out


def _tail(words: list[str], i: int) -> str:
    """The context a word's declension depends on: the ending of the next word, its last vowel or "C" for
    any consonant ("$" at the end): "Evropski parlament" stays, "Evropski uniji" → "Evropska unija"."""
    if i + 1 >= len(words):
        return "$"
    last = words[i + 1][-1:].lower()
    return last if last in _VOWELS else "C"


@cache
def _rules(lang: str, frozen: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, str]]:
    return {k: tuple(v.split(">", 1)) for k, v in frozen}  # type: ignore[misc]


def _apply(word: str, ctx: str, rules: dict[str, tuple[str, str]], tail: str = "") -> str:
    return next(iter(_readings(word, ctx, rules, tail)), word)


def _readings(word: str, ctx: str, rules: dict[str, tuple[str, str]], tail: str = "") -> list[str]:
    """Readings of ``word`` by every matching ending rule, the longest ending first (at each length the rule
    for the next word's ending ``tail`` before the general one)."""
    if _fixed(word):
        return [word]
    out = []
    for suf in _suffixes(word):
        rule = (rules.get(f"{ctx}+{tail}|{suf}") if tail else None) or rules.get(f"{ctx}|{suf}")
        if rule is None:
            continue
        strip, add = rule
        if (strip and not word.lower().endswith(strip)) or len(word) - len(strip) + len(add) < 4:
            new = word  # too little would be left of the name ("Putin" → "Put")
        else:
            stem = word[: len(word) - len(strip)] if strip else word
            new = stem + (add.upper() if word.isupper() and len(word) > 1 else add)
        if new not in out:
            out.append(new)
    return out or [word]


def _known_reading(word: str, ctx: str, rules: dict[str, tuple[str, str]], lang: str,
                   use_dict: bool) -> str | None:
    """Of the word as written, its dictionary lemma and its rule readings, the first that is a known name
    (a country or city as CLDR / GeoNames write it: "Ukrainie" → "Ukraina", not "Ukrain")."""
    from babelwire.languages.gazetteer import gazetteer

    gaz = gazetteer()
    cands = [word, *((_dictionary(word, lang),) if use_dict else ()), *_readings(word, ctx, rules)]
    return next((c for c in cands if c and gaz.is_known_name(c)), None)


def _dictionary(word: str, lang: str) -> str | None:
    """simplemma's lemma of a word it knows, written like the word; None when unknown."""
    try:
        if _fixed(word) or not simplemma.is_known(word, lang=lang):
            return None
        lemma = simplemma.lemmatize(word, lang=lang)
    except ValueError:  # a language simplemma does not have
        return None
    if word[:1].isupper():
        lemma = lemma[:1].upper() + lemma[1:]
    return lemma


def nominative(text: str, type_: str, lang: str, conf: dict[str, Any]) -> str:
    """The nominative of ``text`` by the language's ``[suffix_rules]``; unknown endings stay as written."""
    table = conf.get("suffix_rules") or {}
    if not table:
        return text
    rules = _rules(lang, tuple(sorted(table.items())))
    words = list(_WORD.finditer(text))
    # a dictionary word (simplemma) is trusted for one-word names and for person names, whose words
    # all decline alike; inside longer names only the ending rules know about agreement
    use_dict = conf.get("simplemma", False) and (len(words) == 1 or type_ == "PER")
    dict_lang = conf.get("simplemma_lang", lang)
    out, pos, prev = [], 0, False
    for index, m in enumerate(words):
        word = m.group()
        ctx = _context(type_, index, prev)
        tail = _tail([w.group() for w in words], index)
        new = _known_reading(word, ctx, rules, dict_lang, use_dict) if len(words) == 1 else None
        new = new or (_dictionary(word, dict_lang) if use_dict else None) or _apply(word, ctx, rules, tail)
        out.append(text[pos : m.start()])
        out.append(new)
        pos = m.end()
        prev = new != word
    out.append(text[pos:])
    return "".join(out)


def _toml_rules(rules: dict[str, str]) -> str:
    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return "[suffix_rules]\n" + "".join(f"{q(k)} = {q(v)}\n" for k, v in sorted(rules.items()))


if __name__ == "__main__":  # python -m babelwire.languages.morph_suffix PAIRS.tsv > rules.toml
    with open(sys.argv[1], encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh]
    sys.stdout.write(_toml_rules(learn_rules((r[0], r[1], r[2]) for r in rows if len(r) >= 3)))
