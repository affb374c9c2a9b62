"""CRF features of a token sequence, shared by training (scripts/train_ner.py) and tagging.

Everything that depends on one word only (shape, affixes, gazetteer, word classes from ``names.toml``,
pymorphy3 name tags) is computed once per distinct word and cached, with the neighbour-prefixed copies the
window features need; a sequence is then a concatenation of cached tuples.
"""

from __future__ import annotations

import os
import unicodedata
from functools import cache
from typing import Any

import regex

from babelwire.extract.ner.gazetteer import Gazetteer, fold, packaged_gazetteer
from babelwire.languages.resources import resources_for

_SHAPE_MAP = [(regex.compile(r"\p{Lu}"), "X"), (regex.compile(r"\p{Ll}"), "x"),
              (regex.compile(r"\p{N}"), "d")]
_REPEAT = regex.compile(r"(.)\1+")
_QUOTES = frozenset("\"'«»„“”‘’‚‹›")
# pymorphy3 grammemes that say something about names
_MORPH_TAGS = frozenset(("Surn", "Name", "Patr", "Geox", "Orgn", "Abbr", "Trad", "Fixd"))
_CACHE_LIMIT = 300_000


def shape(word: str) -> str:
    """Compressed word shape: Путін -> Xx, NATO -> X, G7 -> Xd, 2019 -> d."""
    s = word
    for rx, ch in _SHAPE_MAP:
        s = rx.sub(ch, s)
    return _REPEAT.sub(r"\1", s)


def _case(word: str) -> str:
    if word[0].isupper():
        if len(word) > 1 and word.isupper():
            return "U"
        return "T"
    if word[0].islower():
        return "l"
    return "o"


class Featurizer:
    """Feature extraction for one language (its ``names`` resources, gazetteer and morphology)."""

    def __init__(self, lang: str, names: dict[str, Any]) -> None:
        self.lang = lang
        self.gazetteers = (packaged_gazetteer(), Gazetteer(names.get("gazetteer", {})))
        # multi-word names of the language's own lists, matched as phrases (lower-case inner words too)
        self.phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for label, entries in names.get("gazetteer", {}).items():
            for name in entries:
                words = tuple(fold(w) for w in name.replace("-", " ").split())
                if len(words) > 1:
                    self.phrases.setdefault(words[0][:3], []).append((words, label))
        # word classes; an entry ending in "*" is a stem that takes up to five more letters (inflection)
        self.class_words: dict[str, set[str]] = {}  # folded word -> classes
        self.class_stems: dict[str, set[str]] = {}  # folded stem -> classes
        for key in ("person_titles", "speech_verbs", "org_words", "loc_words", "event_words", "product_words",
                    "particles", "loc_heads"):
            for w in names.get(key, ()):
                f = fold(w)
                if f.endswith("*"):
                    self.class_stems.setdefault(f[:-1], set()).add(key)
                else:
                    self.class_words.setdefault(f, set()).add(key)
        # genitive modifiers come before the head noun (lt, lv): "Kauno sporto mokykla" is one name
        self.modifiers_first = bool(names.get("modifiers_first", False))
        self.person_suffixes = tuple(fold(s) for s in names.get("person_suffixes", ()))
        self.place_suffixes = tuple(fold(s) for s in names.get("place_suffixes", ()))
        # letters mapped alike across closely related spellings (Путін/Путин, Росії/России): the ``n=`` form
        # lets one model learn from its neighbour language's data (``names.toml`` ``letter_fold``)
        self.letter_fold = str.maketrans({pair[0]: pair[1:] for pair in names.get("letter_fold", ())})
        self.morph = None
        if names.get("morphology") == "pymorphy3":
            import pymorphy3

            self.morph = pymorphy3.MorphAnalyzer(lang=names.get("morphology_lang", lang))
        self._cache: dict[str, tuple[tuple[str, ...], ...]] = {}

    def _local(self, word: str) -> tuple[list[str], list[str]]:
        """(own features, features exported to neighbours) of one word."""
        low = word.lower()
        case = _case(word)
        sh = shape(word)
        if len(sh) > 6:
            sh = sh[:6]
        own = ["w=" + low, "sh=" + sh, "c=" + case]
        if len(low) > 2:
            own += ["s2=" + low[-2:], "s3=" + low[-3:], "p3=" + low[:3]]
        if len(low) > 4:
            own += ["s4=" + low[-4:], "p4=" + low[:4]]
        if len(word) == 1:
            own.append("len1")
        elif len(word) > 12:
            own.append("long")
        export = ["w=" + low, "sh=" + sh]
        if word[0].isalpha():  # the script: Latin names in Cyrillic text are mostly companies and media
            own.append("scr=" + unicodedata.name(word[0], "?").split(" ", 1)[0])
        if self.letter_fold:
            norm = _REPEAT.sub(r"\1", low.translate(self.letter_fold))  # Россия/Росія
            own.append("n=" + norm)
            if len(norm) > 3:
                own.append("ns3=" + norm[-3:])
        f = fold(word)
        cuts = [f[:k] for k in range(max(2, len(f) - 5), len(f) + 1)]
        keys = set(self.class_words.get(f, ()))
        for c in cuts:
            keys.update(self.class_stems.get(c, ()))
        for key in sorted(keys):
            own.append("k=" + key)
            export.append("k=" + key)
        if case in "TU" and word[0].isalpha():
            g = sorted({x for gaz in self.gazetteers for x in gaz.features(word)})
            own += g
            export += g
            if self.person_suffixes and f.endswith(self.person_suffixes):
                own.append("psuf")
            if self.place_suffixes and f.endswith(self.place_suffixes):
                own.append("lsuf")
            if self.morph is not None:
                tags = set()
                parses = self.morph.parse(word)
                for p in parses[:4]:
                    tags.update(_MORPH_TAGS.intersection(p.tag.grammemes))
                if parses:
                    top = parses[0]
                    own.append("pos=" + str(top.tag.POS))
                    if top.tag.case:
                        own.append("case=" + top.tag.case)
                    if not top.is_known:
                        own.append("unk")
                own += ["m=" + t for t in sorted(tags)]
                export += ["m=" + t for t in sorted(tags)]
        elif word in _QUOTES:
            own.append("quote")
            export.append("quote")
        return own, export

    def word(self, word: str) -> tuple[tuple[str, ...], ...]:
        """Cached (own, prev1, next1, prev2, next2) feature tuples of one word."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        own, export = self._local(word)
        two = export[:1]  # two positions away: the word only
        entry = (tuple(own), tuple("-1" + x for x in export), tuple("+1" + x for x in export),
                 tuple("-2" + x for x in two), tuple("+2" + x for x in two))
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = entry
        return entry

    def sequence(self, words: list[str]) -> list[list[str]]:
        """Features of every token of one sequence."""
        entries = [self.word(w) for w in words]
        n = len(entries)
        out = []
        for i, e in enumerate(entries):
            f = list(e[0])
            if i == 0:
                f.append("BOS")
            else:
                f += entries[i - 1][1]
                if i > 1:
                    f += entries[i - 2][3]
                # capitalised after a sentence-internal word vs after an opening mark
                f.append("pc=" + words[i - 1][:1].isupper().__str__()[0] + e[0][2][2:])
            if i == n - 1:
                f.append("EOS")
            else:
                f += entries[i + 1][2]
                if i < n - 2:
                    f += entries[i + 2][4]
            out.append(f)
        return out


    def _person_cue(self, words: list[str], i: int) -> bool:
        """Is the word before position ``i`` a first name, a person title or an initial ("V .")?"""
        prev = words[i - 1]
        if len(prev) == 1:
            initial = i > 1 and len(words[i - 2]) == 1 and words[i - 2].isupper()
            return prev.isupper() or (prev == "." and initial)
        own = self.word(prev)[0]
        if any(f in _PERSON_CUES for f in own):
            return True
        # a title, unless what follows is a place ("президент Венесуели": the president of Venezuela)
        return "k=person_titles" in own and not any(f in _PLACE for f in self.word(words[i])[0])

    def _phrase_features(self, words: list[str], feats: list[list[str]]) -> None:
        """Mark tokens inside a multi-word gazetteer name (``ph=ORG``), inflected forms included."""
        folded = [fold(w) for w in words]
        for i, w in enumerate(folded):
            for name, label in self.phrases.get(w[:3], ()):
                j, k = i, 0
                while k < len(name) and j < len(words):
                    if folded[j] == "-" or (folded[j] == "." and k and j > i):
                        j += 1
                        continue
                    if not _same_stem(folded[j], name[k]):
                        break
                    j, k = j + 1, k + 1
                if k == len(name):
                    feats[i].append("phB=" + label)
                    for t in range(i + 1, j):
                        feats[t].append("phI=" + label)

    def document(self, seqs: list[list[str]]) -> list[list[list[str]]]:
        """Features of all sequences of one document, with document-level evidence added.

        A capitalised word (compared on its first five folded letters, so across inflections) gets
        ``dPER`` when it follows a first name, title or initial somewhere in the document, ``dMID`` when it
        is capitalised inside a sentence somewhere, and ``dLOW`` when it also occurs in lower case.
        """
        per, mid, low = set(), set(), set()
        for words in seqs:
            for i, w in enumerate(words):
                c = w[:1]
                if c.islower():
                    low.add(w.lower())
                elif c.isupper() and i > 0:
                    key = fold(w)[:5]
                    if words[i - 1][:1].isalnum() or words[i - 1] in ",;":
                        mid.add(key)
                    if self._person_cue(words, i):
                        per.add(key)
        out = []
        for words in seqs:
            feats = self.sequence(words)
            if self.phrases:
                self._phrase_features(words, feats)
            for w, f in zip(words, feats, strict=True):
                if w[:1].isupper():
                    key = fold(w)[:5]
                    if key in per:
                        f.append("dPER")
                    if key in mid:
                        f.append("dMID")
                    if w.lower() in low:
                        f.append("dLOW")
            out.append(feats)
        return out


def _same_stem(word: str, name_word: str) -> bool:
    """``word`` is an inflected form of ``name_word`` (shared stem, at most four letters of ending)."""
    n = len(os.path.commonprefix((word, name_word)))
    return n >= min(len(name_word), max(len(name_word) - 2, 4)) and len(word) - n <= 4


_PERSON_CUES = frozenset(("g=PERf", "g~PERf", "m=Name", "m=Patr"))
_PLACE = frozenset(("g=LOC", "g~LOC", "m=Geox"))


@cache
def featurizer_for(lang: str) -> Featurizer:
    """The (cached) featurizer of ``lang``, from its ``names`` resources."""
    return Featurizer(lang, resources_for(lang).section("names"))
