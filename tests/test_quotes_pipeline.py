"""Quotes through the whole per-article pipeline (entity recogniser included), on the seed articles.

Slow: loading the language-identification and NER models takes tens of seconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from babelwire.model import Article
from babelwire.pipeline import analyze_article

SEEDS = Path("/work/shared/seeds")


def _analyse(name: str):
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    return analyze_article(Article(id=name, text=path.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_pipeline_uk_seed_speakers_point_at_text() -> None:
    a = _analyse("000_92ca2dcb50815d7c.txt")
    by_start = {q.quote: q for q in a.quotes}
    for quote in ("Візит планується", "І це відбудеться досить скоро"):
        q = by_start[quote]
        assert q.direct and "Пєсков" in (q.speaker or "")
        assert a.text[q.speaker_start : q.speaker_end] == q.speaker
    assert all(q.quote == a.text[q.start : q.end] for q in a.quotes)


@pytest.mark.slow
def test_pipeline_lt_seed_speakers() -> None:
    a = _analyse("003_51a46cec745ffea5.txt")
    speakers = {q.quote[:20]: q.speaker or "" for q in a.quotes}
    assert "Putin" in speakers["mes palaikome jūsų p"]
    assert "Putin" in speakers["Be abejo, smerkiame "]  # "– pridūrė Kremliaus vadovas"
    assert "Peskov" in speakers["Per derybas bus susi"]
