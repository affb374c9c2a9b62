"""Shipped CRF models: lazy loading, tagging of text segments, BIO labels to typed spans."""

from __future__ import annotations

import gzip
from collections import Counter
from functools import cache

import pycrfsuite

from babelwire.extract.ner.features import Featurizer, _same_stem, featurizer_for
from babelwire.extract.ner.gazetteer import MODELS, fold
from babelwire.extract.ner.tokens import sequences, tokenize

FALLBACK = "xx"  # the multilingual model, for languages without a model of their own
_EDGE = frozenset("\"'«»„“”‘’‚‹›-–—,.:;()[]")


def model_file(name: str) -> str:
    return f"ner-{name}.crfsuite.gz"


class CrfModel:
    """A CRF model opened from memory; it keeps the model bytes alive (crfsuite reads them in place)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(self._data)

    @classmethod
    def from_gzip(cls, path) -> CrfModel:
        return cls(gzip.decompress(path.read_bytes()))

    def tag(self, xseq: list[list[str]]) -> list[str]:
        return self._tagger.tag(xseq)


@cache
def _load(name: str) -> CrfModel | None:
    path = MODELS / model_file(name)
    return CrfModel.from_gzip(path) if path.is_file() else None


@cache
def model_for(lang: str) -> tuple[CrfModel | None, Featurizer]:
    """The tagger for ``lang`` (its own model, else the multilingual one) and the featurizer to feed it."""
    tagger = _load(lang) or _load(FALLBACK)
    return tagger, featurizer_for(lang)


def bio_spans(labels: list[str]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, type) runs of BIO labels; a stray I- starts a new span."""
    out: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, lab in enumerate([*labels, "O"]):
        if lab == "O" or lab.startswith("B-") or (lab.startswith("I-") and lab[2:] != typ):
            if start >= 0:
                out.append((start, i, typ))
            start, typ = (i, lab[2:]) if lab != "O" else (-1, "")
    return out


def recognise(text: str, lang: str, segments: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Typed entity spans (start, end, type) found in the given segments of ``text``."""
    tagger, feats = model_for(lang)
    if tagger is None:
        return []
    return tag_segments(text, segments, tagger, feats)


def tag_segments(text: str, segments: list[tuple[int, int]], tagger: CrfModel,
                 feats: Featurizer) -> list[tuple[int, int, str]]:
    """Typed entity spans of the segments, with a given tagger and featurizer (training evaluates this)."""
    seqs = [seq for a, b in segments for seq in sequences(text, tokenize(text, a, b))]
    all_words = [[text[s:e] for s, e in seq] for seq in seqs]
    found: list[tuple[list[tuple[int, int]], list[str], int, int, str]] = []
    for seq, words, xseq in zip(seqs, all_words, feats.document(all_words), strict=True):
        labels = tagger.tag(xseq)
        for a, b, typ in bio_spans(labels):
            while a < b and words[a] in _EDGE:
                a += 1
            while b > a and words[b - 1] in _EDGE and not (words[b - 1] == "." and b - 1 > a
                                                           and len(words[b - 2]) <= 3):
                b -= 1
            for i in range(a + 1, b - 2):  # an initial starts a new name: "Rio De Žaneire R. Kančys"
                if typ != "PER" and _is_initial(words, i) and not _is_initial(words, i - 2):
                    found.append((seq, words, a, i, typ))
                    a, typ = i, "PER"
                    break
            if a < b and any(c.isalnum() for w in words[a:b] for c in w):
                if feats.modifiers_first and typ == "LOC":
                    b, typ = _institution_after_place(words, b, typ, feats)
                found.append((seq, words, a, b, typ))
    spans = list(_consistent_types(list(_split_adjacent_persons(found, feats))))
    if PROPAGATE:
        spans += _repeated_names(seqs, all_words, spans)
    return sorted((seq[a][0], seq[b - 1][1], typ) for seq, _w, a, b, typ in spans)


# document-level propagation of repeated names (``_repeated_names``); measured with fold models, strict F1:
# uk nord_stream 0.725 -> 0.732, ryanair 0.759 -> 0.777; ru ryanair 0.752 -> 0.788; pl, lt unchanged
PROPAGATE = True


def _repeated_names(seqs, all_words, spans):
    """Capitalised one-word names the model tagged at least twice in the document (one type in two thirds
    of them), found again where the model left them out, next to no other name. Inflected forms count
    (``_same_stem``: "Нафтогазу" for "Нафтогаз"), except at the start of a sequence, where only the same
    spelling does."""
    votes: dict[str, Counter] = {}
    for _seq, words, a, b, typ in spans:
        if b - a == 1 and len(words[a]) > 2 and words[a][:1].isupper():
            votes.setdefault(fold(words[a]), Counter())[typ] += 1
    names: dict[str, list[tuple[str, str]]] = {}
    for name, counts in votes.items():
        (best, n), total = counts.most_common(1)[0], sum(counts.values())
        if n >= 2 and 3 * n >= 2 * total:
            names.setdefault(name[:4], []).append((name, best))
    if not names:
        return []
    taken: dict[int, set[int]] = {}
    for seq, _words, a, b, _typ in spans:  # no new name next to a found one (it would split a name)
        taken.setdefault(seq[0][0], set()).update(range(a - 1, b + 1))
    out = []
    for seq, words in zip(seqs, all_words, strict=True):
        near = taken.get(seq[0][0], ())
        for i, w in enumerate(words):
            if i in near or len(w) < 3 or not w[:1].isupper():
                continue
            f = fold(w)
            for name, typ in names.get(f[:4], ()):
                if f == name or (i > 0 and _same_stem(f, name)):
                    out.append((seq, words, i, i + 1, typ))
                    break
    return out


def _consistent_types(spans):
    """One-word names typed against the rest of the document: a type that at least two thirds of the
    one-word mentions of the same name (first five folded letters) agree on wins ("президент Венесуели"
    tagged PER once, Венесуела LOC five times)."""
    votes: dict[str, Counter] = {}
    for _seq, words, a, b, typ in spans:
        if b - a == 1:
            votes.setdefault(_key(words[a]), Counter())[typ] += 1
    for seq, words, a, b, typ in spans:
        if b - a == 1:
            (best, n), total = votes[_key(words[a])].most_common(1)[0], sum(votes[_key(words[a])].values())
            if best != typ and n >= 2 and 3 * n >= 2 * total:
                typ = best
        yield seq, words, a, b, typ


def _is_initial(words: list[str], i: int) -> bool:
    return i >= 0 and i + 1 < len(words) and len(words[i]) == 1 and words[i].isupper() and words[i + 1] == "."


_HEADS = (("k=org_words", "ORG"), ("k=event_words", "EVT"), ("k=loc_heads", "LOC"))


def _institution_after_place(words: list[str], b: int, typ: str, feats: Featurizer) -> tuple[int, str]:
    """"Šiaulių apygardos administraciniam teismui": a place in the genitive, lower-case words and an
    institution or event noun form one ORG/EVT name in languages that put modifiers first (``names.toml``
    ``modifiers_first``)."""
    for j in range(b, min(len(words), b + 4)):
        w = words[j]
        if not (w[:1].islower() and w.isalpha()) or (len(w) <= 3 and not _abbreviation(words, j)):
            break  # short words are conjunctions and prepositions ("ir", "su"), not modifiers
        own = feats.word(w)[0]
        for cls, head_type in _HEADS:
            if cls in own:
                return (j + 2 if _abbreviation(words, j) else j + 1), head_type
    return b, typ


def _abbreviation(words: list[str], j: int) -> bool:
    return j + 1 < len(words) and words[j + 1] == "." and len(words[j]) <= 3


def _key(word: str) -> str:
    return fold(word)[:5]


def _split_adjacent_persons(found, feats: Featurizer):
    """Split PER spans that run two names together ("Путіна Дмитро Пєсков", "Мадуро Путін").

    Evidence comes from the document: the first and last words of the multi-word PER spans found
    elsewhere, and first-name cues of the word itself (pymorphy3 ``Name``, the first-name gazetteer).
    """
    firsts, lasts = Counter(), Counter()

    def ends(words, a, b):
        names = [w for w in words[a:b] if w[:1].isalpha() and len(w) > 1]
        return (_key(names[0]), _key(names[-1])) if len(names) >= 2 else None

    for _seq, words, a, b, typ in found:
        pair = ends(words, a, b) if typ == "PER" else None
        if pair:
            firsts[pair[0]] += 1
            lasts[pair[1]] += 1
        elif typ == "PER" and b - a == 1:
            lasts[_key(words[a])] += 1  # a surname used alone
    for seq, words, a, b, typ in found:
        pair = ends(words, a, b) if typ == "PER" else None
        if pair is None:
            yield seq, words, a, b, typ
            continue
        firsts[pair[0]] -= 1  # evidence from the other spans only
        lasts[pair[1]] -= 1
        start = a
        for i in range(a + 1, b):
            w, prev = words[i], words[i - 1]
            if not (w[:1].isupper() and prev[:1].isupper() and len(prev) > 1 and len(w) > 1):
                continue
            own, prev_own = feats.word(w)[0], feats.word(prev)[0]
            first_cue = firsts[_key(w)] > 0 or any(f in _FIRST_CUES for f in own)
            prev_first = firsts[_key(prev)] > 0 or any(f in _FIRST_CUES for f in prev_own)
            prev_last = lasts[_key(prev)] > 0
            two_surnames = prev_last and not prev_first and lasts[_key(w)] > 0
            if (first_cue and i - start >= 2 and prev_last) or two_surnames:
                yield seq, words, start, i, typ
                start = i
        firsts[pair[0]] += 1
        lasts[pair[1]] += 1
        yield seq, words, start, b, typ


_FIRST_CUES = frozenset(("m=Name", "g=PERf"))
