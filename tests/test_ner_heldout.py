"""Held-out evaluation of the shipped NER models against the floors of issue 3 (slow; needs shared/data).

Uses the splits recorded in scripts/train_ner.py: slavicner topic ``nord_stream`` was never trained on;
lt_news_gold is never trained on; lt_opennlp's salted-sha1 30 % part is held out. Two kinds of checks:
the issue's floors (an expected failure where the shipped model is known to be below it, so that the
gap stays visible), and regression guards a little under what the shipped models measured.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest

from babelwire.extract.context import ArticleText
from babelwire.extract.entities import extract_entities
from babelwire.extract.ner.tagger import recognise
from babelwire.languages.resources import resources_for

DATA = Path("/work/shared/data")
SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "train_ner.py"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not DATA.exists(), reason="/work/shared/data is not available")]

# issue 3 floors (strict F1, held out)
FLOORS = {"uk": 0.75, "ru": 0.75, "pl": 0.75, "lt": 0.65}
# below the floor on the dev proxies when shipped (see ner-eval.json): kept as expected failures
BELOW_FLOOR = {"uk": "0.732 on held-out topic nord_stream",
               "lt": "0.63 on lt_news_gold dev (10 documents)"}
# regression guards: a little under the measured held-out strict F1 of the shipped models
GUARDS = {"uk": 0.69, "ru": 0.73, "pl": 0.83, "lt": 0.58, "bg": 0.72, "cs": 0.85, "sl": 0.72, "en": 0.85,
          "es": 0.67, "nl": 0.69, "it": 0.63, "pt": 0.42, "fr": 0.80, "de": 0.50}


def _train_ner():
    spec = importlib.util.spec_from_file_location("train_ner", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _main_score(lang: str) -> float:
    """Strict F1 on the first (main) held-out set of the language's model."""
    tn = _train_ner()
    assert not tn.SLAVIC_EVAL_TOPICS & tn.SLAVIC_TRAIN_TOPICS
    name, docs = next(iter(tn.eval_sets(lang).items()))
    assert docs, name
    return tn.evaluate("xx" if lang == "lt" else lang, docs)["strict"]["f1"]


@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_issue_floor(lang: str, request: pytest.FixtureRequest) -> None:
    if lang in BELOW_FLOOR:
        request.applymarker(pytest.mark.xfail(reason=f"below the floor: {BELOW_FLOOR[lang]}", strict=False))
    assert _main_score(lang) >= FLOORS[lang]


@pytest.mark.parametrize("lang", sorted(GUARDS))
def test_no_regression(lang: str) -> None:
    assert _main_score(lang) >= GUARDS[lang]


def test_speed_words_per_second() -> None:
    """Entity recognition alone (spans and types, no lemmas), CPU time of this process (robust to other
    load on the machine), on held-out uk/ru news and Lithuanian news."""
    tn = _train_ner()
    held_out = tn.SLAVIC_EVAL_TOPICS
    docs = [*tn.slavic("uk", held_out), *tn.slavic("ru", held_out), *tn.read("lt_news_gold")]
    for lang in ("uk", "ru", "lt"):  # load models and resources first: loading is not extraction
        recognise("Київ Vilnius", lang, [(0, 12)])
    words = sum(len(d["text"].split()) for d in docs)
    t0 = time.process_time()
    for d in docs:
        recognise(d["text"], d["lang"], [(0, len(d["text"]))])
    rate = words / (time.process_time() - t0)
    print(f"{rate:.0f} words/s")
    assert rate >= 20_000


def test_extraction_skips_nothing_but_furniture() -> None:
    """extract_entities returns the recogniser's spans (with lemmas) for a held-out document."""
    tn = _train_ner()
    doc = tn.read("lt_news_gold")[0]
    article = ArticleText(text=doc["text"], lang="lt", resources=resources_for("lt"))
    spans = [(m.start, m.end, m.type) for m in extract_entities(article)]
    assert spans == recognise(doc["text"], "lt", [(0, len(doc["text"]))])
