"""Quotes against the hand-annotated Ukrainian and Lithuanian dev sets (slow; skipped without the data).

Half of each dev set was used to develop the extractor, so this is a regression guard, not a measurement:
the numbers to report come from the held-out half and the held-out test sets.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from babelwire.model import Article
from babelwire.pipeline import analyze_article

DATA = Path("/work/shared/data")
SCORER = Path("/work/shared/tools/score.py")


def _score(name: str) -> dict:
    gold_path = DATA / name / "dev.jsonl"
    if not gold_path.exists() or not SCORER.exists():
        pytest.skip(f"{gold_path} or the scorer is not available")
    spec = importlib.util.spec_from_file_location("bw_score", SCORER)
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pred = {}
    for g in gold:
        a = analyze_article(Article(id=g["id"], text=g["text"], published=g.get("dct")))
        pred[g["id"]] = {"quotes": [q.to_dict() for q in a.quotes]}
    return scorer.score_quotes(gold, pred)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["uk_quotes_dates", "lt_news_gold"])
def test_quotes_on_gold_dev(name: str) -> None:
    res = _score(name)
    assert res["quotes"]["all"]["f1"] >= 0.75, res["quotes"]["all"]
    assert res["speaker_accuracy"]["all"] >= 0.8, res["speaker_accuracy"]  # the floor of the brief
