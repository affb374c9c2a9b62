"""Storylines: centroid evidence per language, the evidence floor, merges of storylines that meet."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from babelwire.model import Article
from babelwire.pipeline import Pipeline, analyze_many
from babelwire.stories import StoryClusterer
from babelwire.stories import storylines as sl
from babelwire.stories.features import ArticleFeatures

DATA = Path("/work/shared/data")


def _article(i: int, lang: str, entities: list[str], words: list[str]) -> ArticleFeatures:
    """Features as the extractor makes them: linked entity ids among the names, words per language."""
    names = Counter({"e:" + e: 2 for e in entities})
    return ArticleFeatures(bags={"w": Counter({f"{w}{i % 3}": 1 for w in words} | {w: 2 for w in words}),
                                 "n": names, "d": Counter()}, day=738000 + i, lang=lang)


def test_storylines_whose_entity_centroids_meet_are_merged() -> None:
    """Two storylines that started apart (a Bulgarian and a Polish one) about the same entities become one
    when either is revisited; the merge is recorded for the store and survives in the state items."""
    c = StoryClusterer(embedder=None)
    for lid, lang, ents in (("Lbg", "bg", ["E1", "E2", "E3"]), ("Lpl", "pl", ["E1", "E2", "E3", "E4"])):
        line = sl.Storyline(lid)
        for i in range(sl.MERGE_MIN):
            f = _article(i, lang, ents, ["slovo"])
            parts = sl.storyline_parts({"n": {k: 1.0 for k in f.bags["n"]}, "w": {}}, lang)
            line.add(parts, None, f.day, lang)
            c._post(c.line_index, sl.index_keys(parts), lid, "line_index")
        c.storylines[lid] = line
    survivor = c._merge_related(c.storylines["Lbg"])
    assert survivor.n == 2 * sl.MERGE_MIN and set(survivor.langs) == {"bg", "pl"}
    assert {c.resolve_storyline("Lbg"), c.resolve_storyline("Lpl")} == {survivor.id}
    items, deleted = c.take_changes()
    gone = ({"Lbg", "Lpl"} - {survivor.id}).pop()
    assert items["m:" + gone] == survivor.id and "l:" + gone in deleted
    assert StoryClusterer.from_items(items, embedder=None).resolve_storyline(gone) == survivor.id


def _lines(specs: list[tuple[str, str, dict[str, float]]]) -> StoryClusterer:
    """A clusterer holding storylines (id, language, name keys with weights) of MERGE_MIN like articles."""
    c = StoryClusterer(embedder=None)
    for lid, lang, names in specs:
        line = sl.Storyline(lid)
        for _ in range(sl.MERGE_MIN):
            parts = sl.storyline_parts({"n": names, "w": {}}, lang)
            line.add(parts, None, None, lang)
            c._post(c.line_index, sl.index_keys(parts), lid, "line_index")
        c.storylines[lid] = line
    return c


def _entities(*ids: str) -> dict[str, float]:
    return {"e:" + e: 1.0 for e in ids}


@pytest.mark.parametrize("shared_entity", [0.6, 0.0])
def test_storylines_sharing_names_merge_when_their_entities_meet_too(shared_entity: float) -> None:
    """Where cross-lingual entity links are missing (one entity in common), the name centroids carry
    the merge; names with no entity in common do not."""
    names = {"brexit": 1.0, "johnson": 1.0, "may": 0.5} | ({"e:E5": shared_entity} if shared_entity else {})
    c = _lines([("Lcs", "cs", _entities("E1", "E2") | names), ("Lru", "ru", _entities("E8", "E9") | names)])
    a, b = c.storylines["Lcs"], c.storylines["Lru"]
    assert sl.centroid_cosine(a, b, "e") < sl.merge_threshold(a, b) <= sl.centroid_cosine(a, b, "n")
    assert c._merge_related(a).n == (2 if shared_entity else 1) * sl.MERGE_MIN


def test_unrelated_storylines_are_not_merged() -> None:
    """Two storylines sharing one entity of several (cosine 0.2) stay apart."""
    c = _lines([("La", "en", _entities("E1", "E2", "E3", "E4")),
                ("Lb", "en", _entities("E1", "E6", "E7", "E8", "E9", "E10"))])
    a, b = c.storylines["La"], c.storylines["Lb"]
    assert sl.merge_similarity(a, b) < sl.merge_threshold(a, b)
    assert c._merge_related(a).id == "La" and set(c.storylines) == {"La", "Lb"}


@pytest.mark.parametrize(("langs", "merged"), [(("bg", "pl"), True), (("pl", "pl"), False)])
def test_storylines_in_different_languages_merge_on_less(langs: tuple[str, str], merged: bool) -> None:
    """Centroids that meet only partly (cosine 0.31) merge storylines told in different languages, whose
    entities meet only through cross-lingual links, but not two in the same language."""
    c = _lines([("La", langs[0], _entities("E1", "E2", "E3")),
                ("Lb", langs[1], _entities("E4", "E5") | {"e:E1": 0.9})])
    assert sl.MERGE_COSINE_ACROSS <= sl.merge_similarity(c.storylines["La"], c.storylines["Lb"]) \
        < sl.MERGE_COSINE
    assert (c._merge_related(c.storylines["La"]).n == 2 * sl.MERGE_MIN) is merged


def test_an_article_sharing_no_name_starts_its_own_storyline() -> None:
    c = StoryClusterer(embedder=None)
    a = c.assign_features("a", _article(0, "en", ["E1", "E2"], ["summi", "talks"]))[1]
    b = c.assign_features("b", _article(1, "en", ["E7"], ["footb", "match"]))[1]
    assert a != b
    x = sl.evidence(sl.storyline_parts({"n": {"e:E7": 1.0}, "w": {}}, "en"), None, None, "en",
                    c.storylines[a])
    assert not sl.enough_evidence(x)


def test_storyline_state_round_trips_with_merges() -> None:
    c = StoryClusterer(embedder=None)
    for i in range(10):
        c.assign_features(f"x{i}", _article(i, "cs", ["E1", "E2"], ["vakci"]))
    items, _ = c.take_changes()
    again = StoryClusterer.from_items(json.loads(json.dumps(items)), embedder=None)
    assert again.line_merged == c.line_merged
    for lid, line in c.storylines.items():
        twin = again.storylines[lid]
        assert twin.n == line.n and twin.vecs == line.vecs and twin.langs == line.langs
        assert all(np.array_equal(twin.embs[k], v) for k, v in line.embs.items())


def _storyline_f1(rows: list[dict], topic: str) -> tuple[float, float, float]:
    """B³ precision, recall and F1 of the pipeline's storylines against ``topic``, in file order."""
    arts = [Article(id=r["id"], text=r["text"], title=r.get("title"), published=r.get("date")) for r in rows]
    analysed = analyze_many(arts)
    done = Pipeline().process_batch([a for a in analysed if not isinstance(a, str)])
    gold, pred = [r[topic] for r in rows], [a.storyline_id for a in done]
    gc, pc, both = Counter(gold), Counter(pred), Counter(zip(gold, pred, strict=True))
    p = sum(both[(g, q)] / pc[q] for g, q in zip(gold, pred, strict=True)) / len(gold)
    r = sum(both[(g, q)] / gc[g] for g, q in zip(gold, pred, strict=True)) / len(gold)
    return p, r, 2 * p * r / (p + r)


@pytest.mark.slow
def test_bsnlp_report_topics_storylines() -> None:
    """Storyline B³-F1 on the bsnlp_topics topics not used to fit the storyline model (nord_stream,
    russia_-_ukraine_war; scripts/fit_stories.py), through the whole pipeline in file order."""
    path = DATA / "bsnlp_topics" / "articles.jsonl.gz"
    if not path.exists():
        pytest.skip("bsnlp_topics not present")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    rows = [r for r in rows if r["story"] in {"nord_stream", "russia_-_ukraine_war"}]
    p, r, f = _storyline_f1(rows, "story")
    assert f >= 0.85, (p, r)


@pytest.mark.slow
def test_bsnlp2017_topics_storylines() -> None:
    """Storylines on the BSNLP 2017 documents (topics "ec" and "trump", seven languages, no dates), kept out
    of the storyline fits: 0.89 with the merge thresholds (it only ruled out 0.22 across languages)."""
    path = DATA / "bsnlp2017" / "dev.jsonl"
    if not path.exists():
        pytest.skip("bsnlp2017 not present")
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    p, r, f = _storyline_f1(rows, "topic")
    assert f >= 0.85, (p, r)
