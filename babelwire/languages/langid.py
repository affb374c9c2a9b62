"""Language identification (ISO 639-1 codes where one exists, else ISO 639-3)."""

from __future__ import annotations

import re

import pycld2

_PARA = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")


def detect_language(text: str) -> str:
    """The language of ``text``; ``und`` when nothing can be said."""
    text = text.strip()
    if not text:
        return "und"
    try:
        _, _, details = pycld2.detect(text, bestEffort=True)
    except pycld2.error:
        return "und"
    code = details[0][1]
    return "und" if code in ("un", "xx") else code.split("-")[0]


def detect_paragraph_languages(text: str, article_lang: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, lang) for each paragraph whose language differs from the article's."""
    out = []
    for m in _PARA.finditer(text):
        if len(m.group().split()) < 8:
            continue
        lang = detect_language(m.group())
        if lang not in ("und", article_lang):
            out.append((m.start(), m.end(), lang))
    return tuple(out)
