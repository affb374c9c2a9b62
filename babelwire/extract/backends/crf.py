"""The default recogniser: babelwire's shipped CRF models (``extract/ner``)."""

from __future__ import annotations

from babelwire.extract.backends.base import EntitySpan
from babelwire.extract.ner.tagger import recognise


class CrfRecogniser:
    """The shipped per-language CRFs (the multilingual one for languages without their own)."""

    spec = "crf"

    def __call__(self, text: str, lang: str, segments: list[tuple[int, int]]) -> list[EntitySpan]:
        return recognise(text, lang, segments)
