"""Which recogniser each language uses: the ``BABELWIRE_NER`` spec, parsed once and loaded once.

A spec is a comma-separated list of ``[LANG=]KIND[:TARGET]`` entries: KIND ``crf`` (the shipped models,
the default), ``spacy:PIPELINE`` (a directory or an installed package name) or ``hf:DIRECTORY``. An entry
without ``LANG=`` applies to every language not listed by itself. Examples: ``spacy:/models/ner``,
``uk=hf:/models/uk-ner,en=spacy:en_core_web_sm``. The CLI's ``--ner`` puts its value into the environment,
so worker processes see the same choice.
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import NamedTuple

from babelwire.extract.backends.base import NerConfigError, Recogniser
from babelwire.extract.backends.crf import CrfRecogniser

ENV = "BABELWIRE_NER"
ANY_LANG = "*"
_LANG = re.compile(r"^(\*|[a-z]{2,3}(?:[-_][a-z0-9]+)?)=(.*)$", re.IGNORECASE)
_KINDS = ("crf", "spacy", "hf")


class Choice(NamedTuple):
    """One recogniser: its kind and, for spacy and hf, the model to load."""

    kind: str
    target: str = ""

    def __str__(self) -> str:
        return f"{self.kind}:{self.target}" if self.target else self.kind


CRF = Choice("crf")


def _choice(entry: str) -> Choice:
    kind, _, target = entry.partition(":")
    kind, target = kind.strip().lower(), target.strip()
    if kind not in _KINDS:
        raise ValueError(f"unknown recogniser {kind!r} (use crf, spacy:PIPELINE or hf:DIRECTORY)")
    if kind == "crf" and target:
        raise ValueError("crf takes no model")
    if kind != "crf" and not target:
        raise ValueError(f"{kind} needs a model: {kind}:PATH")
    return Choice(kind, target)


@cache
def parse_spec(spec: str) -> dict[str, Choice]:
    """The recogniser per language code (``*`` for all others) named by ``spec``."""
    out: dict[str, Choice] = {}
    for entry in filter(None, (e.strip() for e in spec.split(","))):
        match = _LANG.match(entry)
        lang, body = (match.group(1).lower(), match.group(2)) if match else (ANY_LANG, entry)
        try:
            if lang in out:
                raise ValueError(f"{'every language' if lang == ANY_LANG else lang} is given twice")
            out[lang] = _choice(body)
        except ValueError as exc:
            where = "" if entry == spec.strip() else f"{entry!r}: "
            raise NerConfigError(f"NER spec {spec!r}: {where}{exc}") from None
    return out


@cache
def load(choice: Choice) -> Recogniser:
    """The recogniser for one choice, loaded once per process (a failure is not cached)."""
    if choice.kind == "spacy":
        from babelwire.extract.backends.spacy_pipeline import SpacyRecogniser

        return SpacyRecogniser(choice.target)
    if choice.kind == "hf":
        from babelwire.extract.backends.hf_model import HfRecogniser

        return HfRecogniser(choice.target)
    return CrfRecogniser()


def _load_named(choice: Choice, spec: str) -> Recogniser:
    try:
        return load(choice)
    except NerConfigError as exc:
        raise NerConfigError(f"NER spec {spec!r}: {exc}") from exc


def recogniser_for(lang: str, spec: str | None = None) -> Recogniser:
    """The recogniser for ``lang`` under ``spec`` (default: the ``BABELWIRE_NER`` environment variable)."""
    spec = os.environ.get(ENV, "") if spec is None else spec
    choices = parse_spec(spec)
    return _load_named(choices.get(lang) or choices.get(ANY_LANG) or CRF, spec)


def check_spec(spec: str) -> None:
    """Parse ``spec`` and load every model it names now, so that a bad one fails before any work starts."""
    for choice in parse_spec(spec).values():
        _load_named(choice, spec)


def use_spec(spec: str) -> None:
    """Check ``spec`` and make it this process's and its future worker processes' choice."""
    check_spec(spec)
    os.environ[ENV] = spec
