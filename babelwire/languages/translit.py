"""Transliteration and name keys: one spelling-independent key for a name in any script.

``ascii_name("Пєсков") == "Peskov"`` (ICU ``Any-Latin; Latin-ASCII``), and ``name_key`` folds the usual
romanisation variants together (``ie/ye/je → e``, ``kh → h``, doubled letters, ``w → v`` …) so that
"Peskov", "Pieskow", "Песков" and "Пєсков" share a key. The folding rules are language independent
(they describe romanisation noise, not a language), so they live here and not in a language file.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

try:  # pyicu gives the best Cyrillic -> Latin; anyascii is the fallback when ICU is missing
    import icu

    _ICU = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")
except Exception:  # pragma: no cover - depends on the platform build of ICU
    _ICU = None

KEY_VERSION = 2  # bump when the folding below changes: packaged precomputed keys are then recomputed

# Romanisation variants folded onto one form; order matters (longer patterns first).
_FOLDS: tuple[tuple[str, str], ...] = (
    ("shch", "s"), ("sch", "s"), ("tsch", "c"), ("tch", "c"), ("dzh", "j"), ("dz", "s"),
    ("kh", "h"), ("ch", "k"), ("sh", "s"), ("zh", "s"), ("z", "s"), ("ts", "c"), ("tz", "c"), ("cz", "c"),
    ("sz", "s"),
    ("eu", "ev"), ("ph", "f"), ("th", "t"), ("gh", "g"), ("ck", "k"), ("qu", "k"), ("x", "ks"), ("q", "k"),
    ("iy", "i"), ("yi", "i"), ("ij", "i"), ("yj", "i"), ("ii", "i"),
    ("ie", "e"), ("ye", "e"), ("je", "e"), ("io", "o"), ("yo", "o"), ("jo", "o"),
    ("iu", "u"), ("yu", "u"), ("ju", "u"), ("ia", "a"), ("ya", "a"), ("ja", "a"),
    ("w", "v"), ("y", "i"), ("j", "i"), ("c", "k"), ("g", "h"), ("ë", "e"),
)
_FOLD_RE = re.compile("|".join(re.escape(a) for a, _ in _FOLDS))
_FOLD_MAP = dict(_FOLDS)
_DOUBLE = re.compile(r"(.)\1+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=200_000)
def ascii_name(text: str) -> str:
    """``text`` romanised to plain ASCII (ICU Any-Latin; Latin-ASCII, else anyascii)."""
    text = unicodedata.normalize("NFC", text)
    out = _ICU.transliterate(text) if _ICU is not None else anyascii(text)
    if not out.isascii():
        out = anyascii(out)
    return out


@lru_cache(maxsize=200_000)
def fold_key(word: str) -> str:
    """A romanisation-independent key for one ASCII word (lowercase, variants folded, no doubles)."""
    w = _NON_ALNUM.sub("", word.lower())
    w = _FOLD_RE.sub(lambda m: _FOLD_MAP[m.group()], w)
    return _DOUBLE.sub(r"\1", w)


def name_key(text: str) -> str:
    """Key of a whole name: its words romanised and folded, joined by single spaces."""
    return " ".join(k for k in (fold_key(w) for w in re.split(r"[\s\-‐–]+", ascii_name(text))) if k)
