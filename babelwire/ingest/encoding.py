"""Decoding article bytes whose encoding is not declared."""

from __future__ import annotations

import charset_normalizer


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can recognise (binary, or badly broken)."""


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or many control characters (images, archives, executables)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with BOM has NULs by design
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(sample) and controls / len(sample) > 0.05


def decode_bytes(data: bytes) -> str:
    """Text of ``data``: BOMs and UTF-8 first, then charset detection (cp1251, koi8-u, cp1257 …)."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec)
    if looks_binary(data):
        raise UndecodableError("binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise UndecodableError("not valid UTF-8 and no known encoding fits")
    return str(best)
