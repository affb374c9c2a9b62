"""Entity recognition on the two seed articles (uk, lt): every person, place and organisation, typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from babelwire.extract.context import ArticleText
from babelwire.extract.entities import extract_entities
from babelwire.extract.ner.tagger import bio_spans
from babelwire.extract.ner.tokens import sequences, tokenize
from babelwire.ingest.furniture import mark_furniture
from babelwire.languages.resources import resources_for

SEEDS = Path("/work/shared/seeds")
UK = SEEDS / "000_92ca2dcb50815d7c.txt"
LT = SEEDS / "003_51a46cec745ffea5.txt"

UK_ENTITIES = [
    ("Ніколас Мадуро", "PER"), ("Росію", "LOC"), ("Росії", "LOC"), ("Венесуелі", "LOC"),
    ("Володимира Путіна", "PER"), ("Дмитро Пєсков", "PER"), ("Інтерфакс", "ORG"), ("Москва", "LOC"),
    ("Венесуели", "LOC"), ("Москву", "LOC"), ("Путіним", "PER"), ("США", "LOC"), ("Вашингтон", "LOC"),
    ("Хуана Гуайдо", "PER"), ("Росією", "LOC"), ("Китаєм", "LOC"), ("Мадуро", "PER"), ("Каракасу", "LOC"),
    ("Росія", "LOC"), ("Венесуела", "LOC"), ("Уго Чавеz", "PER"), ("Кремлі", "ORG|LOC"), ("Каракасі", "LOC"),
    ("Китаю", "LOC"), ("Каракас", "LOC"), ("Путін", "PER"), ("Москви", "LOC"), ("Нью-Йорку", "LOC"),
    ("Генеральну Асамблею ООН", "ORG"),
]
LT_ENTITIES = [
    ("Maskvos", "LOC"), ("V. Putinas", "PER"), ("N. Maduro", "PER"), ("Kremliaus", "ORG|LOC"), ("JAV", "LOC"),
    ("Venesuelos", "LOC"), ("Hugo Chavezo", "PER"), ("Donaldo Trumpo", "PER"), ("V. Putinui", "PER"),
    ("Dmitrijus Peskovas", "PER"), ("Maskvą", "LOC"), ("Rusijos", "LOC"), ("D. Peskovas", "PER"),
    ("Rusija", "LOC"), ("Lotynų Amerikos", "LOC"), ("Venesuela", "LOC"),
    ("Karakaso", "LOC"), ("TVF", "ORG"), ("Venesueloje", "LOC"), ("V. Putino", "PER"), ("Rusiją", "LOC"),
    ("Karakase", "LOC"), ("Turkijos", "LOC"), ("Recepu Tayyipu Erdoganu", "PER"), ("H. Chavezas", "PER"),
    ("Jungtines Valstijas", "LOC"), ("Kremliuje", "ORG|LOC"), ("Venesuelai", "LOC"),
]


# What the shipped models still get wrong on the seeds (kept visible: the test turns green when fixed).
KNOWN_MISSES = [("uk", UK, "Кремль", "ORG")]  # "заявив Кремль": tagged LOC (slavicner mostly tags it LOC)


def _missing(expected: list[tuple[str, str]], found: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """Expected (text, type) pairs not found; "ORG|LOC" accepts either (the Kremlin as a place)."""
    return [(t, ty) for t, ty in expected if not any((t, alt) in found for alt in ty.split("|"))]


def _doc(path: Path, lang: str, furniture: bool = True) -> ArticleText:
    text = path.read_text(encoding="utf-8")
    marks = mark_furniture(text, lang) if furniture else ()
    return ArticleText(text=text, lang=lang, resources=resources_for(lang), furniture=marks)


@pytest.mark.skipif(not UK.exists(), reason="seeds not available")
def test_ukrainian_seed_entities() -> None:
    doc = _doc(UK, "uk")
    found = {(m.text, m.type) for m in extract_entities(doc)}
    missing = _missing(UK_ENTITIES, found)
    assert not missing, f"missing {missing}; found {sorted(found)}"


@pytest.mark.skipif(not LT.exists(), reason="seeds not available")
def test_lithuanian_seed_entities() -> None:
    doc = _doc(LT, "lt")
    mentions = extract_entities(doc)
    found = {(m.text, m.type) for m in mentions}
    missing = _missing(LT_ENTITIES, found)
    assert not missing, f"missing {missing}; found {sorted(found)}"
    # the organisation is one span with its abbreviation apart
    assert ("Tarptautinis valiutos fondas", "ORG") in found


@pytest.mark.skipif(not LT.exists(), reason="seeds not available")
@pytest.mark.parametrize(("lang", "path", "text", "type_"), KNOWN_MISSES)
@pytest.mark.xfail(reason="known miss of the shipped model", strict=False)
def test_known_misses(lang: str, path: Path, text: str, type_: str) -> None:
    found = {(m.text, m.type) for m in extract_entities(_doc(path, lang))}
    assert (text, type_) in found


@pytest.mark.skipif(not LT.exists(), reason="seeds not available")
def test_nothing_inside_furniture() -> None:
    doc = _doc(LT, "lt")
    assert doc.furniture, "the 'Susiję straipsniai' block should be marked as furniture"
    assert all(not doc.in_furniture(m.start, m.end) for m in extract_entities(doc))
    # without furniture marks the same block does contain names: the skip is real
    bare = {m.text for m in extract_entities(_doc(LT, "lt", furniture=False))}
    assert {"Rusijai", "Ukrainos"} <= bare


@pytest.mark.skipif(not UK.exists(), reason="seeds not available")
def test_mentions_are_consistent() -> None:
    doc = _doc(UK, "uk")
    mentions = extract_entities(doc)
    assert mentions == tuple(sorted(mentions, key=lambda m: m.start))
    for m in mentions:
        assert doc.text[m.start:m.end] == m.text
        assert m.type in ("PER", "ORG", "LOC", "EVT", "PRO", "MISC")
        assert m.text[0] not in "\"«»„“”" and m.text[-1] not in "\"«»„“”,"


def test_unknown_language_uses_the_multilingual_model() -> None:
    text = "Prezidentas Vladimiras Putinas susitiko su Nicolás Maduro Maskvoje."
    doc = ArticleText(text=text, lang="lv", resources=resources_for("lv"))
    assert any(m.type == "PER" for m in extract_entities(doc))


def test_bio_spans() -> None:
    assert bio_spans(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG"]) == [
        (0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "ORG")]


def test_sequences_keep_initials_together() -> None:
    text = "Sakė V. Putinas. Kitas sakinys čia.\nNauja eilutė"
    seqs = [[text[s:e] for s, e in seq] for seq in sequences(text, tokenize(text))]
    assert seqs[0] == ["Sakė", "V", ".", "Putinas", "."]
    assert seqs[-1] == ["Nauja", "eilutė"]
