"""Corpus-level entity linking: one id per real-world entity across articles, languages, scripts and cases."""

from __future__ import annotations

import json

import pytest
import regex
from conftest import LT_SEED, UK_SEED

from babelwire.languages.lemmas import lemmatize_name
from babelwire.languages.resources import resources_for
from babelwire.link import EntityLinker
from babelwire.model import Analysis, Mention, Quote

# Mentions of the seed articles (surface form, type), as a recogniser should find them; the linker and the
# lemmatiser are tested on these spans alone.
UK_MENTIONS = [
    ("Ніколас Мадуро", "PER"), ("Володимира Путіна", "PER"), ("Дмитро Пєсков", "PER"),
    ("Хуана Гуайдо", "PER"), ("Уго Чавеz", "PER"), ("Генеральну Асамблею ООН", "ORG"), ("Мадуро", "PER"),
    ("Путіним", "PER"),
    ("Путін", "PER"), ("Чавеса", "PER"), ("Росію", "LOC"), ("Росії", "LOC"), ("Росією", "LOC"),
    ("Росія", "LOC"),
    ("Венесуелі", "LOC"), ("Венесуели", "LOC"), ("Венесуела", "LOC"), ("Кремль", "ORG"), ("Кремлі", "ORG"),
    ("Інтерфакс", "ORG"), ("Москва", "LOC"), ("Москву", "LOC"), ("Москви", "LOC"), ("США", "LOC"),
    ("Вашингтон", "LOC"), ("Китаєм", "LOC"), ("Китаю", "LOC"), ("Каракасу", "LOC"), ("Каракасі", "LOC"),
    ("Каракас", "LOC"), ("Америки", "LOC"), ("Нью-Йорку", "LOC"),
]
LT_MENTIONS = [
    ("Dmitrijus Peskovas", "PER"), ("Recepu Tayyipu Erdoganu", "PER"), ("Donaldo Trumpo", "PER"),
    ("Hugo Chavezo", "PER"), ("Tarptautinis valiutos fondas", "ORG"), ("Jungtines Valstijas", "LOC"),
    ("V. Putinas", "PER"), ("V. Putinui", "PER"), ("V. Putino", "PER"), ("N. Maduro", "PER"),
    ("D. Peskovas", "PER"), ("H. Chavezas", "PER"), ("Maskvos", "LOC"), ("Maskvą", "LOC"),
    ("Kremliaus", "ORG"), ("Kremliuje", "ORG"), ("JAV", "LOC"), ("Venesuelos", "LOC"), ("Venesuelai", "LOC"),
    ("Venesueloje", "LOC"),
    ("Venesuela", "LOC"), ("Rusijos", "LOC"), ("Rusijai", "LOC"), ("Rusiją", "LOC"), ("Rusija", "LOC"),
    ("Karakaso", "LOC"), ("Karakase", "LOC"), ("Turkijos", "LOC"), ("Ukrainos", "LOC"), ("TVF", "ORG"),
    ("ES", "ORG"), ("Lotynų Amerikos", "LOC"),
]
GROUPS = {
    "Maduro": {"Ніколас Мадуро", "Мадуро", "N. Maduro"},
    "Putin": {"Володимира Путіна", "Путіним", "Путін", "V. Putinas", "V. Putinui", "V. Putino"},
    "Peskov": {"Дмитро Пєсков", "Dmitrijus Peskovas", "D. Peskovas"},
    "Chávez": {"Уго Чавеz", "Чавеса", "Hugo Chavezo", "H. Chavezas"},
    "Moscow": {"Москва", "Москву", "Москви", "Maskvos", "Maskvą"},
    "Caracas": {"Каракасу", "Каракасі", "Каракас", "Karakaso", "Karakase"},
    "Russia": {"Росію", "Росії", "Росією", "Росія", "Rusijos", "Rusijai", "Rusiją", "Rusija"},
    "Venezuela": {"Венесуелі", "Венесуели", "Венесуела", "Venesuelos", "Venesuelai", "Venesueloje",
                  "Venesuela"},
    "USA": {"США", "JAV", "Jungtines Valstijas", "Америки"},
    "Kremlin": {"Кремль", "Кремлі", "Kremliaus", "Kremliuje"},
}


def _analysis(path, lang: str, forms: list[tuple[str, str]]) -> Analysis:
    """An Analysis of a seed with every occurrence of ``forms`` as a mention (longest forms first)."""
    text = path.read_text(encoding="utf-8")
    taken = [False] * len(text)
    res = resources_for(lang)
    mentions = []
    for form, type_ in sorted(forms, key=lambda f: -len(f[0])):
        for m in regex.finditer(rf"(?<![\p{{L}}.]){regex.escape(form)}(?!\p{{L}})", text):
            if any(taken[m.start() : m.end()]):
                continue
            taken[m.start() : m.end()] = [True] * (m.end() - m.start())
            mentions.append(Mention(m.start(), m.end(), form, type_, lemmatize_name(form, type_, res)))
    mentions.sort(key=lambda m: m.start)
    return Analysis(id=path.stem, lang=lang, text=text, entities=tuple(mentions))


@pytest.fixture
def seed_analyses(seeds_dir):
    return _analysis(UK_SEED, "uk", UK_MENTIONS), _analysis(LT_SEED, "lt", LT_MENTIONS)


def _ids_by_form(analyses: list[Analysis]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for a in analyses:
        for m in a.entities:
            out.setdefault(m.text, set()).add(m.entity_id)
    return out


def test_seed_entities_get_one_id_across_languages(seed_analyses) -> None:
    linker = EntityLinker()
    linked = linker.relink([linker.link(a) for a in seed_analyses])
    ids = _ids_by_form(linked)
    group_ids = {}
    for name, forms in GROUPS.items():
        found = set().union(*(ids[f] for f in forms if f in ids))
        assert len(found) == 1, (name, {f: ids.get(f) for f in forms})
        assert all(f in ids for f in forms), (name, [f for f in forms if f not in ids])
        group_ids[name] = found.pop()
    assert len(set(group_ids.values())) == len(group_ids)  # no two groups merged
    langs = {e.id: set(e.languages) for e in linker.entities()}
    assert all(langs[i] == {"uk", "lt"} for i in group_ids.values())


def test_canonical_names_prefer_the_fullest_latin_form(seed_analyses) -> None:
    linker = EntityLinker()
    linked = linker.relink([linker.link(a) for a in seed_analyses])
    canon = {m.text: m.canonical for a in linked for m in a.entities}
    assert canon["Мадуро"] == canon["N. Maduro"] == "Nicolás Maduro"
    assert canon["V. Putinui"] == "Vladimir Putin"
    assert canon["D. Peskovas"] == "Dmitry Peskov"
    assert canon["JAV"] == canon["США"] == "United States"
    assert canon["Karakase"] == "Caracas"


def test_state_round_trip_continues_the_corpus(seed_analyses) -> None:
    uk, lt = seed_analyses
    first = EntityLinker()
    a = first.link(uk)
    state = json.loads(json.dumps(first.state()))  # must be JSON-serialisable
    second = EntityLinker(state)
    b = second.link(lt)
    ids_a, ids_b = _ids_by_form([a]), _ids_by_form([second.resolve(b)])
    assert ids_a["Путіним"] == ids_b["V. Putinui"]
    assert ids_a["Дмитро Пєсков"] == ids_b["D. Peskovas"]
    assert ids_a["Каракасі"] == ids_b["Karakase"]


def _doc(doc_id: str, lang: str, names: list[tuple[str, str]]) -> Analysis:
    text = " ; ".join(n for n, _ in names)
    mentions, pos = [], 0
    for n, t in names:
        mentions.append(Mention(pos, pos + len(n), n, t, lemmatize_name(n, t, resources_for(lang))))
        pos += len(n) + 3
    return Analysis(id=doc_id, lang=lang, text=text, entities=tuple(mentions))


def test_no_over_merging_of_namesakes() -> None:
    linker = EntityLinker()
    a = linker.link(_doc("a", "en", [("John Smith", "PER"), ("Smith", "PER")]))
    b = linker.link(_doc("b", "en", [("Owen Smith", "PER"), ("O. Smith", "PER")]))
    c = linker.link(_doc("c", "en", [("J. Smith", "PER")]))
    john, owen = a.entities[0].entity_id, b.entities[0].entity_id
    assert john != owen
    assert a.entities[1].entity_id == john  # the bare surname joins the full name of its article
    assert b.entities[1].entity_id == owen
    assert c.entities[0].entity_id == john  # the initial agrees with John, not with Owen


def test_initials_and_cases_link_across_scripts() -> None:
    linker = EntityLinker()
    a = linker.link(_doc("a", "lt", [("Remigijus Kančys", "PER")]))
    b = linker.link(_doc("b", "lt", [("R. Kančio", "PER"), ("A. Kančio", "PER")]))
    assert b.entities[0].entity_id == a.entities[0].entity_id
    assert b.entities[1].entity_id != a.entities[0].entity_id
    c = linker.link(_doc("c", "ru", [("Дмитрия Пескова", "PER")]))
    d = linker.link(_doc("d", "uk", [("Пєсков", "PER")]))
    assert c.entities[0].entity_id == d.entities[0].entity_id


def test_quote_speakers_get_the_mention_id() -> None:
    linker = EntityLinker()
    doc = _doc("q", "uk", [("Дмитро Пєсков", "PER")])
    doc = doc.with_(quotes=(Quote(20, 30, "…", "Дмитро Пєсков", 0, 13, True),))
    out = linker.link(doc)
    assert out.quotes[0].speaker_entity_id == out.entities[0].entity_id is not None


def test_find_and_language_counts(seed_analyses) -> None:
    linker = EntityLinker()
    for a in seed_analyses:
        linker.link(a)
    (putin, *_) = linker.find("Putin")
    assert putin.canonical == "Vladimir Putin"
    assert linker.find("Путиным", "ru")[0].id == putin.id
    assert linker.language_counts(putin.id) == {"uk": 4, "lt": 3}
    assert linker.find("Venesuelos", "lt")[0].canonical == "Venezuela"
