"""What every entity recogniser is: a function from text segments to typed character spans."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Protocol

EntitySpan = tuple[int, int, str]
"""(start, end, type): character offsets into the article text and one of PER ORG LOC EVT PRO MISC."""


class NerConfigError(Exception):
    """A recogniser spec that cannot be used: bad syntax, a missing model, a missing library."""


class Recogniser(Protocol):
    """The shape of ``babelwire.extract.ner.tagger.recognise``: typed spans found in ``segments`` of
    ``text`` (each segment a (start, end) range; nothing outside them is read), offsets into ``text``."""

    def __call__(self, text: str, lang: str, segments: list[tuple[int, int]]) -> list[EntitySpan]: ...


def require(module: str, extra: str) -> ModuleType:
    """Import an optional library, or fail with the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise NerConfigError(
            f"the {extra!r} recogniser needs {module!r}, which is not installed: "
            f"pip install 'babelwire[{extra}]'"
        ) from exc


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without leading and trailing whitespace (some tokenizers count the space before a word)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
