"""Pairwise article similarity (placeholder: Jaccard over folded word sets)."""

from __future__ import annotations

from babelwire.model import Analysis


def article_similarity(a: Analysis, b: Analysis) -> float:
    """Similarity of two analysed articles in [0, 1], higher meaning more similar."""
    wa, wb = set(a.text.casefold().split()), set(b.text.casefold().split())
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0
