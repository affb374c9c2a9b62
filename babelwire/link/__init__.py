"""Corpus-level, incremental entity linking."""

from babelwire.link.linker import EntityLinker

__all__ = ["EntityLinker"]
