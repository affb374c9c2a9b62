"""Held-out evaluation of the NER models against the floors of issue 3 (slow; needs shared/data).

The shipped uk, ru and pl models are trained on all five slavicner dev topics (``train_ner.py train uk ru pl
--holdout none``), so no slavicner number of theirs is held out: the floors are checked on fold models,
trained by the same recipe without one topic (``nord_stream``) and scored on it. The other models and sets
keep the splits recorded in scripts/train_ner.py: bg/cs/sl were trained without ``nord_stream``, ner_uk's
and NEREL's salted-sha1 30 % parts are held out, lt_news_gold is never trained on. Two kinds of checks: the
issue's floors (an expected failure where a model is known to be below it, so that the gap stays visible), and
regression guards a little under what was measured (models/ner-eval.json).
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
FOLD_TOPIC = "nord_stream"  # the fold the tests retrain (the hardest of the three measured for uk and ru)
# below the floor on that one fold or set (see ner-eval.json): kept as expected failures
BELOW_FLOOR = {"uk": "0.732 on nord_stream alone; leave-one-topic-out mean 0.790 (+ ryanair, brexit)"}
# regression guards, a little under the measured strict F1: fold models on FOLD_TOPIC ...
FOLD_GUARDS = {"uk": 0.71, "ru": 0.73, "pl": 0.84}
# ... and shipped models on their first held-out set that is not slavicner for uk/ru (never trained on)
GUARDS = {"uk": 0.67, "ru": 0.67, "lt": 0.62, "bg": 0.72, "cs": 0.85, "sl": 0.72, "en": 0.85,
          "es": 0.67, "nl": 0.69, "it": 0.63, "pt": 0.42, "fr": 0.80, "de": 0.50}
ALL_TOPICS = ("uk", "ru", "pl")  # shipped models trained on every slavicner dev topic


def _train_ner():
    spec = importlib.util.spec_from_file_location("train_ner", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fold_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    """Strict F1 of fold models on FOLD_TOPIC, trained on first use (a few minutes per language)."""
    cache: dict[str, float] = {}

    def score(lang: str) -> float:
        if lang not in cache:
            tn = _train_ner()
            out = tmp_path_factory.mktemp(f"fold-{lang}")
            assert tn.main(["train", lang, "--holdout", FOLD_TOPIC, "--out", str(out)]) == 0
            assert FOLD_TOPIC not in tn.SLAVIC_TRAIN_TOPICS
            cache[lang] = tn.evaluate(lang, tn.slavic(lang, {FOLD_TOPIC}))["strict"]["f1"]
        return cache[lang]

    return score


def _main_score(lang: str) -> float:
    """Strict F1 of the shipped model on its first held-out set (slavicner skipped where trained on)."""
    tn = _train_ner()
    assert not tn.SLAVIC_EVAL_TOPICS & tn.SLAVIC_TRAIN_TOPICS
    sets = {k: v for k, v in tn.eval_sets(lang).items()
            if not (lang in ALL_TOPICS and k.startswith("slavicner"))}
    name, docs = next(iter(sets.items()))
    assert docs, name
    model = lang if lang != "lt" or (tn.OUT / tn.model_file("lt")).exists() else "xx"
    return tn.evaluate(model, docs)["strict"]["f1"]


@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_issue_floor(lang: str, fold_scores, request: pytest.FixtureRequest) -> None:
    if lang in BELOW_FLOOR:
        request.applymarker(pytest.mark.xfail(reason=f"below the floor: {BELOW_FLOOR[lang]}", strict=False))
    score = fold_scores(lang) if lang in ALL_TOPICS else _main_score(lang)
    assert score >= FLOORS[lang]


@pytest.mark.parametrize("lang", sorted(FOLD_GUARDS))
def test_fold_model_on_an_unseen_topic(lang: str, fold_scores) -> None:
    assert fold_scores(lang) >= FOLD_GUARDS[lang]


@pytest.mark.parametrize("lang", sorted(GUARDS))
def test_no_regression(lang: str) -> None:
    assert _main_score(lang) >= GUARDS[lang]


def test_speed_words_per_second() -> None:
    """Entity recognition alone (spans and types, no lemmas), CPU time of this process (robust to other
    load on the machine), on uk/ru news and Lithuanian news."""
    tn = _train_ner()
    docs = [*tn.slavic("uk", {FOLD_TOPIC}), *tn.slavic("ru", {FOLD_TOPIC}), *tn.read("lt_news_gold")]
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
