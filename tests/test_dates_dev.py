"""Slow: value F1 of the dates extractor on the dev gold sets, against the project's floors."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from babelwire.extract.context import ArticleText
from babelwire.extract.dates import extract_dates
from babelwire.languages import resources_for

DATA = Path("/work/shared/data")
SCORER = Path("/work/shared/tools/score.py")
FLOORS = {"uk_quotes_dates": 0.75, "lt_news_gold": 0.75, "tempeval3_timex": 0.70}


def _value_f1(name: str, tmp_path: Path) -> float:
    gold = DATA / name / "dev.jsonl"
    if not gold.exists() or not SCORER.exists():
        pytest.skip(f"{gold} not available")
    pred = tmp_path / f"{name}.pred.jsonl"
    with gold.open(encoding="utf-8") as g, pred.open("w", encoding="utf-8") as out:
        for line in g:
            r = json.loads(line)
            dct = r.get("dct") or r.get("date")
            doc = ArticleText(text=r["text"], lang=r["lang"], resources=resources_for(r["lang"]),
                              published=date.fromisoformat(dct[:10]) if dct else None)
            dates = [t.to_dict() for t in extract_dates(doc)]
            out.write(json.dumps({"id": r["id"], "dates": dates}, ensure_ascii=False) + "\n")
    res = subprocess.run([sys.executable, str(SCORER), "dates", str(gold), str(pred)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(res[: res.rindex("}") + 1])["value"]["f1"]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_value_f1_meets_floor(name, tmp_path):
    assert _value_f1(name, tmp_path) >= FLOORS[name]
