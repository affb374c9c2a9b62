"""The bundled sample corpus: readable by the pipeline's reader, well-formed, and its story key consistent."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

import pytest

from babelwire.ingest import InputProblem, read_sources
from babelwire.languages import detect_language
from babelwire.model import Article
from babelwire.sample import CORPUS_PATH, load_key, story_of, storyline_of_story

LANGUAGES = {"uk", "lt", "en", "ru", "pl", "de"}
ID = re.compile(r"^sample-([a-z]{2})-\d{3}$")


def _items() -> list[Article | InputProblem]:
    return list(read_sources([str(CORPUS_PATH)]))


ARTICLES = [a for a in _items() if isinstance(a, Article)]


def _lang(article: Article) -> str:
    m = ID.match(article.id)
    assert m, f"id {article.id!r} is not sample-<lang>-<nnn>"
    return m.group(1)


def test_corpus_reads_without_problems():
    items = _items()
    problems = [str(i) for i in items if isinstance(i, InputProblem)]
    assert problems == []
    assert 25 <= len(ARTICLES) <= 40
    raw_lines = [line for line in CORPUS_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(raw_lines) == len(ARTICLES)


def test_every_article_has_all_fields():
    for a in ARTICLES:
        assert a.title and a.title.strip() == a.title, a.id
        assert a.outlet, a.id
        assert a.url and re.match(r"^https://example-news\.[a-z.]+/\S+$", a.url), a.id
        assert a.published is not None, a.id


def test_ids_unique_and_well_formed():
    ids = [a.id for a in ARTICLES]
    assert len(ids) == len(set(ids))
    assert all(ID.match(i) for i in ids)
    urls = [a.url for a in ARTICLES]
    assert len(urls) == len(set(urls))


def test_every_language_has_at_least_three_articles():
    counts = Counter(_lang(a) for a in ARTICLES)
    assert set(counts) == LANGUAGES
    assert min(counts.values()) >= 3, counts


def test_dates_valid_and_in_order():
    dates = [dt.date.fromisoformat(a.published) for a in ARTICLES]
    assert all(d.year == 2025 for d in dates)
    assert dates == sorted(dates)
    # the reader keeps only the YYYY-MM-DD prefix: the raw field must be exactly that
    for line in CORPUS_PATH.read_text(encoding="utf-8").splitlines():
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", json.loads(line)["date"])


def test_texts_are_article_sized_paragraphs():
    for a in ARTICLES:
        words = len(a.text.split())
        assert 120 <= words <= 350, (a.id, words)
        paragraphs = a.text.split("\n\n")
        assert len(paragraphs) >= 4, a.id
        assert all(p.strip() == p and p for p in paragraphs), a.id
        assert "\n\n\n" not in a.text and a.text == a.text.strip(), a.id


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.id)
def test_detected_language_is_the_intended_one(article: Article):
    assert detect_language(article.text) == _lang(article)


def test_story_key_covers_every_article_once():
    key = load_key()
    ids = {a.id for a in ARTICLES}
    listed = [i for members in key["stories"].values() for i in members]
    assert sorted(listed) == sorted(ids)
    stories = [s for members in key["storylines"].values() for s in members]
    assert sorted(stories) == sorted(key["stories"])
    assert story_of("sample-lt-006") == "putin-maduro-moscow-talks"
    assert storyline_of_story("putin-maduro-moscow-talks") == "venezuela-russia"
    assert story_of("not-in-the-sample") is None


def test_stories_are_multilingual_and_close_in_time():
    by_id = {a.id: a for a in ARTICLES}
    for story, members in load_key()["stories"].items():
        langs = {_lang(by_id[i]) for i in members}
        assert len(langs) == len(members) >= 3, story  # one article per language in each story
        dates = [dt.date.fromisoformat(by_id[i].published) for i in members]
        assert (max(dates) - min(dates)).days <= 3, story


def test_storylines_have_two_events_weeks_apart():
    by_id = {a.id: a for a in ARTICLES}
    key = load_key()
    multi = {name: stories for name, stories in key["storylines"].items() if len(stories) > 1}
    assert len(multi) >= 3
    for name, stories in multi.items():
        firsts = sorted(min(by_id[i].published for i in key["stories"][s]) for s in stories)
        gap = dt.date.fromisoformat(firsts[1]) - dt.date.fromisoformat(firsts[0])
        assert 7 <= gap.days <= 60, name


def test_listed_entity_forms_occur_in_the_corpus():
    corpus = "\n".join(f"{a.title}\n{a.text}" for a in ARTICLES)
    for name, forms in load_key()["entities"].items():
        missing = [f for f in forms if f not in corpus]
        assert missing == [], name
    forms = load_key()["entities"]["Dmitry Peskov"]
    assert {"Дмитро Пєсков", "Дмитрий Песков", "Dmitrijus Peskovas", "D. Peskovo"} <= set(forms)
