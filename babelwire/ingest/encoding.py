"""Decoding article bytes whose encoding is not declared.

Order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without a BOM (NUL bytes in every other
place); strict UTF-8; then every legacy code page that news in our languages is found in, each decoding
scored by how plausible its letters are (charset_normalizer alone mixes up cp1251 and koi8 on short
Cyrillic texts, and cp1257 with cp1250 or latin-1). The score is written here because no library scores
"these letters are a real alphabet": it rewards letters that all belong to one language's alphabet
(ICU's exemplar characters, so no alphabet is typed by hand) and penalises control characters, symbols
glued to letters ("╕", "¤"), case flipping inside words ("пРИВЕТ", the mark of koi8 read as cp1251)
and words that mix scripts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import charset_normalizer

# Legacy code pages, most likely first (ties go to the earlier one).
CANDIDATES = ("cp1251", "koi8-u", "koi8-r", "cp1257", "iso-8859-13", "cp1250", "iso-8859-2", "cp1252",
              "iso-8859-15", "latin-1", "iso-8859-5", "mac-cyrillic", "cp866", "iso-8859-4", "iso-8859-9")
# Languages whose alphabets decide which decoding is plausible (ICU exemplar sets).
ALPHABET_LANGS = ("uk", "ru", "be", "bg", "sr", "mk", "kk", "lt", "lv", "et", "pl", "cs", "sk", "sl", "hr",
                  "hu", "ro", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "is", "tr", "ca",
                  "ga", "sq", "en")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_WORD = re.compile(r"\w+")
_SAMPLE = 64 * 1024  # score on the first 64 KB: plenty to tell code pages apart
# Non-ASCII punctuation that real text uses; any other non-ASCII non-letter is suspect ("·", "¦", "¤").
_TYPOGRAPHY = set("„“”«»‚‘’–—…•№€£°§©®\u00a0\u2009\u202f")


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can recognise (binary, or badly broken)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for UTF-16 with no BOM: the high bytes take one or two values (0 for ASCII,
    0x04 for Cyrillic …) and NULs appear, and the decoded text is printable."""
    sample = data[:4096]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    for codec, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        counts = sorted((high.count(v) for v in set(high)), reverse=True)
        if sum(counts[:2]) < 0.9 * len(high) or high.count(0) == 0:
            continue
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        printable = sum(c.isprintable() or c in "\t\n\r" for c in text)
        if printable >= 0.95 * len(text):
            return codec
    return None


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or many control characters (images, archives, executables)."""
    if data.startswith(tuple(bom for bom, _ in _BOMS)) or _utf16_without_bom(data):
        return False  # UTF-16/32 have NULs by design
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(sample) and controls / len(sample) > 0.05


@cache
def _alphabets() -> tuple[frozenset[str], ...]:
    import icu  # pyicu: imported here so that plain UTF-8 input never pays for it

    out = []
    for lang in ALPHABET_LANGS:
        chars = {str(c) for c in icu.LocaleData(lang).getExemplarSet(0, 0)}
        out.append(frozenset(c for c in chars if len(c) == 1 and ord(c) > 127))
    return tuple(out)


def plausibility(text: str) -> float:
    """How much ``text`` looks like real writing (higher is better), per letter."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    bad = 0.0
    for i, c in enumerate(text):
        cat = unicodedata.category(c)
        if cat in ("Cc", "Co", "Cn", "Cf") and c not in "\t\n\r\f":
            bad += 5
        elif cat.startswith("S") and c not in "$€£%+=<>|~^`°©®№":
            near = text[i - 1:i] + text[i + 1:i + 2]
            bad += 3 if any(n.isalpha() for n in near) else 1
        elif ord(c) > 127 and not c.isalnum() and not c.isspace() and c not in _TYPOGRAPHY:
            bad += 2
    upper = sum(c.isupper() for c in letters)
    if len(letters) >= 8 and upper > 0.5 * len(letters):
        bad += upper - 0.5 * len(letters)  # real text is mostly lower case; koi8 read as cp1251 is not
    for word in _WORD.findall(text):
        if any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False)):
            bad += 2  # "тПЧЕФ": case flips inside a word
        scripts = {unicodedata.name(c, "?").split()[0] for c in word if c.isalpha()}
        if len(scripts) > 1:
            bad += 3
    foreign = [c.lower() for c in letters if ord(c) > 127]
    fit = 1.0
    if foreign:
        fit = max(sum(c in alphabet for c in foreign) / len(foreign) for alphabet in _alphabets())
    return (fit * len(foreign) - bad) / len(letters)


def detect_decoding(data: bytes) -> Decoded:
    """The text of ``data`` and the encoding it was read in."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError as exc:
                raise UndecodableError(f"starts with a {codec} byte-order mark but is not {codec}") from exc
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    if looks_binary(data):
        raise UndecodableError("binary data, not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return Decoded(data.decode(guess_legacy_encoding(data)), guess_legacy_encoding(data))


def guess_legacy_encoding(data: bytes) -> str:
    """The most plausible single-byte code page for ``data`` (which is not UTF-8)."""
    sample = data[:_SAMPLE]
    candidates = list(CANDIDATES)
    best_guess = charset_normalizer.from_bytes(sample).best()
    if best_guess is not None and best_guess.encoding not in candidates:
        candidates.append(best_guess.encoding)
    scored = []
    for rank, codec in enumerate(candidates):
        try:
            text = sample.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((plausibility(text), -rank, codec))
    if not scored:
        raise UndecodableError("not valid UTF-8 and no known encoding fits")
    return max(scored)[2]


def decode_bytes(data: bytes) -> str:
    """Text of ``data``: BOMs and UTF-8 first, then the most plausible code page (cp1251, koi8-u …)."""
    return detect_decoding(data).text
