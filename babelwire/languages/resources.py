"""Per-language resources, kept as data files: ``languages/data/<lang>/<section>.toml``.

Each extractor reads its own section (``dates``, ``quotes``, ``names``, ``furniture`` …).
``_common/<section>.toml`` holds language-independent defaults that a language file extends.
Adding a language means adding its folder of TOML files; no code changes.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as _pkg
from typing import Any

_DATA = _pkg.files("babelwire.languages") / "data"


@dataclass(frozen=True)
class Resources:
    """All resource sections of one language (merged over ``_common``)."""

    lang: str
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        """One section (``{}`` when the language has none)."""
        return self.sections.get(name, {})

    def __hash__(self) -> int:  # resources are immutable after loading; hash by language
        return hash(self.lang)


def _load_dir(name: str) -> dict[str, dict[str, Any]]:
    folder = _DATA / name
    if not folder.is_dir():
        return {}
    out: dict[str, dict[str, Any]] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            try:
                out[entry.name[:-5]] = tomllib.loads(entry.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:  # a broken resource file is a packaging bug: say which
                raise ValueError(f"language resource {name}/{entry.name}: {exc}") from exc
    return out


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Language values extend common ones: lists concatenate, tables merge, scalars override."""
    out = dict(base)
    for key, value in over.items():
        if key in out and isinstance(out[key], list) and isinstance(value, list):
            out[key] = out[key] + [v for v in value if v not in out[key]]
        elif key in out and isinstance(out[key], dict) and isinstance(value, dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@cache
def resources_for(lang: str) -> Resources:
    """Load (once) the resources of ``lang``; unknown languages get the common defaults only."""
    common = _load_dir("_common")
    own = _load_dir(lang) if lang and not lang.startswith("_") else {}
    merged = {name: _merge(common.get(name, {}), own.get(name, {})) for name in set(common) | set(own)}
    return Resources(lang=lang, sections=merged)


def available_languages() -> list[str]:
    """Languages that ship resource files."""
    return sorted(e.name for e in _DATA.iterdir() if e.is_dir() and not e.name.startswith("_"))
