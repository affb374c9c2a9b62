"""A user's spaCy pipeline (a local pipeline directory or an installed package) as a recogniser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babelwire.extract.backends.base import EntitySpan, NerConfigError, require, trimmed
from babelwire.extract.backends.chunks import char_pieces
from babelwire.extract.backends.labels import entity_type

# components that never touch entities and cost time (the dependency parser above all)
_UNNEEDED = ("parser", "textcat", "textcat_multilabel")


def _looks_like_path(target: str) -> bool:
    return target.startswith((".", "~", "/")) or "/" in target or "\\" in target


def load_spacy(target: str) -> Any:
    """``spacy.load`` of a pipeline directory or package name, checked to set ``doc.ents``."""
    path = Path(target).expanduser()
    if _looks_like_path(target) and not path.exists():
        raise NerConfigError(f"{target}: no such spaCy pipeline directory")
    spacy = require("spacy", "spacy")
    try:
        nlp = spacy.load(path if path.exists() else target)
    except (OSError, ValueError, KeyError) as exc:
        what = "directory" if path.exists() else "package name"
        raise NerConfigError(f"{target}: not a loadable spaCy pipeline {what} ({str(exc).strip()})") from exc
    if not any("doc.ents" in nlp.get_pipe_meta(name).assigns for name in nlp.pipe_names):
        raise NerConfigError(f"{target}: the spaCy pipeline has no entity recogniser ({nlp.pipe_names})")
    for name in _UNNEEDED:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    return nlp


class SpacyRecogniser:
    """``doc.ents`` of a spaCy pipeline run over each content segment, offsets shifted to the article,
    labels mapped by ``labels.TYPE_OF_LABEL`` (unmapped ones such as DATE are dropped)."""

    def __init__(self, target: str) -> None:
        self.spec = f"spacy:{target}"
        self._nlp = load_spacy(target)

    def __call__(self, text: str, lang: str, segments: list[tuple[int, int]]) -> list[EntitySpan]:
        pieces = [p for a, b in segments for p in char_pieces(text, a, b, self._nlp.max_length)]
        out = []
        for (a, _), doc in zip(pieces, self._nlp.pipe(text[a:b] for a, b in pieces), strict=True):
            for ent in doc.ents:
                typ = entity_type(ent.label_)
                start, end = trimmed(text, a + ent.start_char, a + ent.end_char)
                if typ and end > start:
                    out.append((start, end, typ))
        return out
