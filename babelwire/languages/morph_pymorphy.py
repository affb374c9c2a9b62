"""Nominative forms of names with pymorphy3 (Ukrainian, Russian): dictionary morphology with agreement.

A name is inflected as a phrase, not word by word:
- persons: every word that parses as a first name, surname or patronymic (or a noun) goes to the nominative,
  all in one gender (the first name decides: "Юлію Тимошенко" → "Юлія Тимошенко");
- other names: the leading adjectives and the first noun (the head) go to the nominative, the adjectives
  agreeing with the head in gender and number ("Генеральну Асамблею ООН" → "Генеральна Асамблея ООН",
  "Сполучених Штатах" → "Сполучені Штати"); what follows the head (genitive complements, acronyms) stays.
Capitalisation is copied back from the original words.
"""

from __future__ import annotations

from functools import cache

import pymorphy3
import regex

from babelwire.languages.morph_endings import rejoin

_WORD = regex.compile(r"[\p{L}\p{M}'’ʼ]+(?:-[\p{L}\p{M}'’ʼ]+)*")
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2")
_NAME_TAGS = ("Name", "Surn", "Patr")
_NAME_TAGS_SET = frozenset(_NAME_TAGS)
_LATIN = regex.compile(r"\p{Latin}")
# Cyrillic consonant letters (a property of the script, shared by uk and ru): a borrowed name ends in one.
_CONSONANT_END = regex.compile(r"[бвгґджзклмнпрстфхцчшщ]$", regex.IGNORECASE)


@cache
def analyzer(lang: str) -> pymorphy3.MorphAnalyzer:
    """The (cached) pymorphy3 analyser for ``lang``."""
    return pymorphy3.MorphAnalyzer(lang=lang)


def _recase(new: str, old: str) -> str:
    """``new`` written with the capitalisation pattern (and the ё/е spelling) of ``old``."""
    if "ё" not in old.lower():
        new = new.replace("ё", "е")
    if old.isupper() and len(old) > 1:
        return new.upper()
    parts_old = old.split("-")
    parts_new = new.split("-")
    if len(parts_old) == len(parts_new):
        return "-".join(_recase_part(n, o) for n, o in zip(parts_new, parts_old, strict=False))
    return _recase_part(new, old)


def _recase_part(new: str, old: str) -> str:
    if not old:
        return new
    if old[0].isupper():
        return new[:1].upper() + new[1:]
    return new


def _inflectable(word: str) -> bool:
    """Words left as they are: acronyms, Latin-script words in a Cyrillic name, initials, single letters."""
    if len(word) < 2 or (word.isupper() and len(word) <= 6):
        return False
    return not _LATIN.search(word)


def _case(p) -> str | None:
    g = p.tag.grammemes
    return next((c for c in _CASES if c in g), None)


def _rank_person(p, gender: str | None, known: bool = True) -> tuple:
    tag, g = p.tag, p.tag.grammemes
    named = any(t in g for t in _NAME_TAGS)
    return (
        not known and not _CONSONANT_END.search(p.normal_form),  # "Гэвина" → "Гэвин", not "Гэвино"
        not named,
        gender is not None and tag.gender not in (None, gender) and "ms-f" not in g,
        "plur" in g,
        tag.POS != "NOUN",
        -p.score,
    )


def _to_nominative(p, gender: str | None = None, number: str | None = None) -> str | None:
    want = {"nomn"}
    if number:
        want.add(number)
    if gender and number != "plur" and p.tag.POS in ("ADJF", "PRTF", "NUMR"):
        want.add(gender)
    f = p.inflect(want)
    if f is None and gender:
        f = p.inflect({"nomn"} | ({number} if number else set()))
    if f is None:
        f = p.inflect({"nomn"})
    return f.word if f is not None else None


def _person(words: list[str], morph: pymorphy3.MorphAnalyzer, oblique: tuple[str, ...]) -> list[str]:
    parses = [morph.parse(w) if _inflectable(w) else [] for w in words]
    gender = None
    for ps in parses:  # the first word read as a first name decides the gender
        first = next((p for p in ps if "Name" in p.tag.grammemes), None)
        if first is not None and first.tag.gender in ("masc", "femn"):
            gender = first.tag.gender
            break
    cand_lists: list[list] = []
    for w, ps in zip(words, parses, strict=False):
        cands = [p for p in ps if p.tag.POS == "NOUN" or _NAME_TAGS_SET & p.tag.grammemes]
        if gender is not None:
            cands = [p for p in cands if p.tag.gender in (None, gender) or "ms-f" in p.tag.grammemes] or cands
        cand_lists.append([] if _keep_unknown(w, morph, oblique) else cands)
    # all words of a name stand in one case; the first declinable word decides which
    # a person is one: a word with only plural readings ("Пушков" as "of fluffs") is a surname as written
    cand_lists = [[p for p in cs if "plur" not in p.tag.grammemes] for cs in cand_lists]
    sets = [{_case(p) for p in cs} for cs in cand_lists
            if cs and not all("Fixd" in p.tag.grammemes for p in cs)]
    common = set.intersection(*sets) if sets else set()
    for w, cs in zip(words, cand_lists, strict=False):
        fitting = [p for p in cs if _case(p) in common]
        if fitting:
            known = morph.word_is_known(w)
            common = {_case(min(fitting, key=lambda p, k=known: _rank_person(p, gender, k)))}
            break
    out = []
    for w, cs in zip(words, cand_lists, strict=False):
        if common:
            cs = [p for p in cs if _case(p) in common] or cs
        if not cs:
            out.append(w)
            continue
        known = morph.word_is_known(w)
        best = min(cs, key=lambda p, k=known: _rank_person(p, gender, k))
        if "Fixd" in best.tag.grammemes or _case(best) == "nomn":
            out.append(w)
            continue
        new = _to_nominative(best, number="sing")
        out.append(_recase(new, w) if new else w)
    return out


def _keep_unknown(word: str, morph: pymorphy3.MorphAnalyzer, oblique: tuple[str, ...]) -> bool:
    """An out-of-dictionary name is declined only when it ends like an oblique case of a borrowed name
    (``oblique_endings`` in lemmas.toml: "Джонсона", "Гоувом"); otherwise it is read as nominative
    ("Норин", "Барклі", "Монтедуро"): the suffix guesser would invent oblique readings for foreign names."""
    return not morph.word_is_known(word) and not word.lower().endswith(oblique)


def _rank_head(p, known: bool = True) -> tuple:
    g = p.tag.grammemes
    return (
        not known and not _CONSONANT_END.search(p.normal_form),  # borrowed names: "брекситу" → "брексит"
        "Infr" in g,
        "plur" in g and "Pltm" not in g,
        _case(p) != "nomn",
        p.tag.POS != "NOUN",
        bool(_NAME_TAGS_SET & g),
        -len(p.normal_form),  # "раді" → "рада" rather than "рад"
    )


def _agrees(adj, noun) -> bool:
    na, nn = adj.tag, noun.tag
    if _case(adj) != _case(noun) or (nn.number and na.number and na.number != nn.number):
        return False
    return not (nn.number != "plur" and nn.gender and na.gender and na.gender != nn.gender)


def _phrase(words: list[str], morph: pymorphy3.MorphAnalyzer) -> list[str]:
    """Leading adjectives + head noun to the nominative; the rest unchanged."""
    parses: list[list] = []
    head, head_parse = None, None
    for i, w in enumerate(words):
        ps = morph.parse(w) if _inflectable(w) else []
        if not ps:
            break
        parses.append(ps)
        known = morph.word_is_known(w)
        nouns = [p for p in ps if p.tag.POS == "NOUN"]
        adjs = parses[:i]
        fitting = [n for n in nouns if all(any(_agrees(a, n) for a in ps_a) for ps_a in adjs)]
        nxt = morph.parse(words[i + 1]) if i + 1 < len(words) and _inflectable(words[i + 1]) else []
        adj_here = [a for a in ps if a.tag.POS in ("ADJF", "PRTF")]
        if fitting and not any(_agrees(a, n) for a in adj_here for n in nxt if n.tag.POS == "NOUN"):
            head, head_parse = i, min(fitting, key=lambda p, k=known: _rank_head(p, k))
            break
        if not any(p.tag.POS in ("ADJF", "PRTF") for p in ps):
            break
    if head is None:
        if len(words) == 1 and parses:  # a lone adjective-like name ("Бориспільський")
            best = min(parses[0], key=_rank_head)
            new = None if _case(best) == "nomn" else _to_nominative(best)
            return [_recase(new, words[0]) if new else words[0]]
        return list(words)
    case, number, gender = _case(head_parse), head_parse.tag.number, head_parse.tag.gender
    if case == "nomn":
        return list(words)
    out = list(words)
    for i, ps in enumerate(parses[:head]):
        agreeing = [a for a in ps if _agrees(a, head_parse)]
        a = (agreeing or ps)[0]
        new = _to_nominative(a, gender=gender, number=number)
        out[i] = _recase(new, words[i]) if new else words[i]
    new = _to_nominative(head_parse, number=number if number == "plur" else None)
    out[head] = _recase(new, words[head]) if new else words[head]
    return out


def nominative(text: str, type_: str, lang: str, oblique: tuple[str, ...] = ()) -> str:
    """The nominative of the name ``text`` (type PER/ORG/LOC/…) in ``lang`` ("uk" or "ru")."""
    morph = analyzer(lang)
    matches = list(_WORD.finditer(text))
    if not matches:
        return text
    words = [m.group() for m in matches]
    new = _person(words, morph, oblique) if type_ == "PER" else _phrase(words, morph)
    return rejoin(text, matches, new)
