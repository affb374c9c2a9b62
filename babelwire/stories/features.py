"""Language-independent article features for story similarity (no machine translation needed).

Every article becomes a few sparse bags of keys, each a different kind of cross-lingual evidence:

* ``w`` terms: every word transliterated to ASCII (anyascii), lower-cased, cut to a 5-letter prefix
  (a light stem that folds most inflection: Putina/Putinas/Putin -> ``putin``);
* ``n`` names: capitalised words and recognised entity lemmas reduced to a consonant skeleton
  (Пєсков/Pieskov/Peskovas -> ``pskv``), plus linked ``entity_id``s (``e:`` keys), which are the
  strongest cross-lingual signal once the linker resolves names across languages;
* ``d`` numbers and dates: numbers of two or more digits, normalised dates (``t:`` keys).

Weights are raw term frequencies here; the similarity and the clusterer weight them by inverse
document frequency. An optional dense embedding (see :mod:`babelwire.stories.embedding`) is kept beside.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np
from anyascii import anyascii

from babelwire.model import Analysis

FAMILIES = ("w", "n", "d")
STEM = 5  # prefix length of the light stem
SKELETON = 4  # letters kept of a name's consonant skeleton
MAX_CHARS = 20000  # text read per article: the lead carries the event

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?:[.,]\d+)?(?![\w])"  # 1 000 / 1,000.5
                     r"|\d+(?:[.,]\d+)?", re.UNICODE)
_SENT_START = re.compile(r"(?:^|[.!?…:;\"«»“”„]\s*|\n)\s*$")
_ASCII_WORD = re.compile(r"[a-z]+")
# Digraphs that transliteration systems write differently for one sound (kh/h, ch/c, sh/s, zh/z, ts/c).
_DIGRAPHS = (("shch", "s"), ("kh", "h"), ("ch", "c"), ("sh", "s"), ("zh", "z"), ("ts", "c"), ("tz", "c"),
             ("ph", "f"), ("th", "t"), ("x", "ks"), ("w", "v"), ("q", "k"), ("ck", "k"), ("z", "s"))
_VOWELS = set("aeiouy'j")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """ASCII, lower-case form of a word in any script."""
    return anyascii(word).lower()


# Spellings that transliterations and orthographies use for one sound, folded before stemming so that
# cognates meet: vaktsina/vakcína -> vakcina, prezydent/prezident -> prezident, Schengen/Šengen -> sengen.
_STEM_FOLDS = (("shch", "s"), ("sch", "s"), ("kh", "h"), ("ch", "c"), ("sh", "s"), ("zh", "z"), ("ts", "c"),
               ("tz", "c"), ("cz", "c"), ("sz", "s"), ("rz", "z"), ("ph", "f"), ("th", "t"), ("w", "v"),
               ("x", "ks"), ("q", "k"), ("y", "i"), ("j", "i"), ("ie", "e"))


def _respelled(word: str, folds: tuple[tuple[str, str], ...]) -> str:
    """The word's folded ASCII letters with ``folds`` applied in order ('' when under three letters)."""
    letters = "".join(_ASCII_WORD.findall(fold(word)))
    if len(letters) < 3:
        return ""
    for a, b in folds:
        letters = letters.replace(a, b)
    return letters


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Light, language-independent stem: folded word cut to :data:`STEM` letters ('' when too short)."""
    letters = _respelled(word, _STEM_FOLDS)
    return letters[:STEM] if len(letters) >= 3 else ""


@lru_cache(maxsize=200_000)
def name_key(word: str) -> str:
    """Consonant skeleton of a name, robust to transliteration and inflection: Пєсков -> 'pskv'."""
    s = _respelled(word, _DIGRAPHS)
    if not s:
        return ""
    out = [s[0]]
    for c in s[1:]:
        if c not in _VOWELS and c != out[-1]:
            out.append(c)
    key = "".join(out)[:SKELETON]
    return key if len(key) >= 2 else ""


def number_key(raw: str) -> str:
    """Normalise a number as written (1,000 / 1 000 / 1.000 / 2,5 / 2.5) to one key; '' for single digits."""
    s = re.sub(r"[\s\u00a0\u202f]", "", raw)
    m = re.fullmatch(r"(\d+)(?:[.,](\d+))?", s)
    if m and m.group(2) is not None and len(m.group(2)) == 3 and len(m.group(1)) <= 3:
        s = m.group(1) + m.group(2)  # thousands separator
    elif m and m.group(2) is not None:
        s = f"{m.group(1)}.{m.group(2)}"
    else:
        s = re.sub(r"[.,]", "", s)
    try:
        s = str(int(s)) if "." not in s else s  # also folds non-ASCII digits
    except ValueError:
        return ""
    return s if len(s.replace(".", "")) >= 2 else ""


def _date_keys(value: str) -> list[str]:
    """A TIMEX3 date value and its coarser parents: 2019-10-02 -> t:2019-10-02, t:2019-10."""
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return []
    keys = []
    if m.group(3):
        keys.append(f"t:{m.group(1)}-{m.group(2)}-{m.group(3)}")
    if m.group(2):
        keys.append(f"t:{m.group(1)}-{m.group(2)}")
    return keys


def published_day(analysis: Analysis) -> int | None:
    """Publication date as a day ordinal, or None."""
    if not analysis.published:
        return None
    try:
        return date.fromisoformat(analysis.published[:10]).toordinal()
    except ValueError:
        return None


@dataclass
class ArticleFeatures:
    """Sparse bags (family -> key -> count), the publication day and an optional unit embedding."""

    bags: dict[str, Counter[str]] = field(default_factory=dict)
    day: int | None = None
    embedding: np.ndarray | None = None
    lang: str = "und"

    def keys(self) -> set[str]:
        return {f"{fam}|{k}" for fam, bag in self.bags.items() for k in bag}


def _content(analysis: Analysis) -> str:
    """Title and text outside page furniture (furniture is marked, never part of the story)."""
    text = analysis.text
    if analysis.furniture:
        chars = list(text)
        for s, e in analysis.furniture:
            chars[s:e] = " " * (e - s)
        text = "".join(chars)
    title = analysis.title if isinstance(analysis.title, str) else ""
    return (title + "\n" + text)[:MAX_CHARS] if title else text[:MAX_CHARS]


def extract_features(analysis: Analysis, embedding: np.ndarray | None = None) -> ArticleFeatures:
    """The story features of one analysed article (pure; the embedding is computed by the caller)."""
    text = _content(analysis)
    words: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for m in _WORD.finditer(text):
        w = m.group(0)
        st = stem(w)
        if st:
            words[st] += 1
        if w[0].isupper() and len(w) > 1 and not _SENT_START.search(text[max(0, m.start() - 3):m.start()]):
            key = name_key(w)
            if key:
                names[key] += 1
    for mention in analysis.entities:
        if mention.entity_id:
            names["e:" + mention.entity_id] += 1
        for part in _WORD.findall(mention.lemma or mention.text):
            key = name_key(part)
            if key and key not in names:  # a recognised name at a sentence start still counts once
                names[key] += 1
    numbers: Counter[str] = Counter()
    for m in _NUMBER.finditer(text):
        key = number_key(m.group(0))
        if key:
            numbers[key] += 1
    for t in analysis.dates:
        if t.type == "DATE" and isinstance(t.value, str):
            for key in _date_keys(t.value):
                numbers[key] += 1
    return ArticleFeatures(bags={"w": words, "n": names, "d": numbers}, day=published_day(analysis),
                           embedding=embedding, lang=analysis.lang)
