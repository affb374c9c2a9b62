"""Language identification (ISO 639-1 codes where one exists, else ISO 639-3; ``und`` when unknown).

fastText (lid.176), CLD2 and py3langid each propose their best few languages; lingua (high accuracy)
scores the proposals among its configured look-alike languages; a small learned linear ranker
(:mod:`langid_ranker`) picks the winner. This covers the ~176 languages of the union, is robust on
short text (uk vs ru, lt vs lv) and costs a few milliseconds per article: long text is cut before it
reaches the detectors. All models load lazily on first use and stay cached.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from babelwire.languages import langid_detectors as det
from babelwire.languages.langid_ranker import Evidence, candidates, rank

_PARA = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SPACE = re.compile(r"\s+")


def _has_letters(text: str, n: int) -> bool:
    count = 0
    for ch in text:
        count += unicodedata.category(ch)[0] == "L"
        if count >= n:
            return True
    return False


def _cut(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``, cut at a space when there is one near the end."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return head[:space] if space > limit // 2 else head


def evidence(text: str) -> Evidence | None:
    """All detectors' votes on ``text`` (``None`` when it has too few letters to judge)."""
    cfg = det.config()
    head = text[: 2 * cfg["max_chars"]]  # cut before cleaning: articles can be megabytes long
    clean = _SPACE.sub(" ", _CONTROL.sub(" ", head)).strip()
    if not _has_letters(clean, cfg["min_letters"]):
        return None
    sample = _cut(clean, cfg["max_chars"])
    cld2, reliable = det.cld2_votes(sample)
    votes = {"fasttext": det.fasttext_votes(sample), "cld2": cld2, "py3langid": det.py3langid_votes(sample)}
    cands = candidates(votes, cfg["candidates_per_detector"])
    votes["lingua"] = det.lingua_votes(_cut(sample, cfg["lingua_max_chars"]), cands)
    return Evidence(votes=votes, cld2_reliable=reliable, length=len(sample))


def identify(text: str) -> list[tuple[str, float]]:
    """Candidate languages of ``text`` with their probability, best first (``[]`` when unidentifiable)."""
    return list(_identify(text[: 2 * det.config()["max_chars"]]))  # only the head is read: cache just that


@lru_cache(maxsize=64)  # the pipeline asks about the same text (article, its only paragraph) repeatedly
def _identify(text: str) -> tuple[tuple[str, float], ...]:
    ev = evidence(text)
    if ev is None:
        return ()
    return tuple(rank(ev, candidates(ev.votes, det.config()["candidates_per_detector"])))


def detect_language(text: str) -> str:
    """The language of ``text``; ``und`` when nothing can be said."""
    ranked = identify(text)
    return ranked[0][0] if ranked else "und"


def detect_paragraph_languages(text: str, article_lang: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, lang) for each paragraph long enough to judge whose language surely differs from
    the article's."""
    cfg = det.config()["paragraphs"]
    out = []
    for m in _PARA.finditer(text):
        if len(m.group().split()) < cfg["min_words"] or m.group().strip() == text.strip():
            continue  # too short to judge, or the whole text (whose language is the article's)
        ranked = identify(m.group())
        if ranked and ranked[0][0] != article_lang and ranked[0][1] >= cfg["min_confidence"]:
            out.append((m.start(), m.end(), ranked[0][0]))
    return tuple(out)
