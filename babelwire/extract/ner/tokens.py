"""Tokenisation for NER: word, number and punctuation tokens with character offsets.

Hyphens and full stops are tokens of their own, so "Нью-Йорку", "Москва-Каракас" and "V.Putino" can be
joined or split by the model as the annotation of the training data does. Sequences end at a line break
or at a sentence-final mark that does not follow an initial ("V. Putinas" stays in one sequence).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

# a word keeps inner apostrophes (п'ятницю, O'Brien, Lithuanian Molloy‘us)
_TOKEN = regex.compile(r"[\p{L}\p{M}](?:[\p{L}\p{M}\p{N}]|['’ʼ‘](?=[\p{L}]))*|\p{N}+(?:[.,]\p{N}+)*|\S")
_FINAL = frozenset(".!?…")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Token spans (start, end) of ``text[start:end]`` as offsets into ``text``."""
    return [m.span() for m in _TOKEN.finditer(text, start, len(text) if end is None else end)]


def sequences(text: str, spans: list[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    """Group token spans into sentence-like sequences for the tagger."""
    seq: list[tuple[int, int]] = []
    for i, (s, e) in enumerate(spans):
        if seq and "\n" in text[seq[-1][1]:s]:
            yield seq
            seq = []
        seq.append((s, e))
        if e - s == 1 and text[s] in _FINAL and len(seq) > 2:
            prev = text[seq[-2][0]:seq[-2][1]]
            initial = len(prev) == 1 and prev.isupper()
            nxt = spans[i + 1] if i + 1 < len(spans) else None
            if not initial and (nxt is None or not text[nxt[0]].islower()):
                yield seq
                seq = []
        elif len(seq) >= 250:  # very long runs (tables, lists): cut to keep sequences short
            yield seq
            seq = []
    if seq:
        yield seq
