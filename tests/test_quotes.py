"""Quotations and reported speech with speakers, on the seed articles and small real sentences.

Entity mentions are given explicitly (as a recogniser would mark them), so these tests check the quote
and speaker logic on its own; ``test_quotes_pipeline.py`` runs the whole pipeline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from babelwire.extract.context import ArticleText
from babelwire.extract.quotes import extract_quotes
from babelwire.extract.roles import extract_roles
from babelwire.languages.resources import resources_for
from babelwire.model import Mention, Quote

SEEDS = Path("/work/shared/seeds")
UK_SEED = SEEDS / "000_92ca2dcb50815d7c.txt"
LT_SEED = SEEDS / "003_51a46cec745ffea5.txt"


def mentions(text: str, *names: str, kind: str = "PER") -> tuple[Mention, ...]:
    """Every occurrence of each name as a mention (``Name:TYPE`` overrides the type)."""
    out = []
    for name in names:
        surface, _, typ = name.partition(":")
        start = text.find(surface)
        while start >= 0:
            out.append(Mention(start, start + len(surface), surface, typ or kind, surface))
            start = text.find(surface, start + 1)
    return tuple(sorted(out, key=lambda m: m.start))


def quotes_of(text: str, lang: str, ents: tuple[Mention, ...] = ()) -> tuple[Quote, ...]:
    doc = ArticleText(text=text, lang=lang, resources=resources_for(lang))
    return extract_quotes(doc, ents, extract_roles(doc, ents))


def find(quotes: tuple[Quote, ...], beginning: str) -> Quote:
    hits = [q for q in quotes if q.quote.lstrip("„“\"«").startswith(beginning)]
    assert hits, f"no quote starting {beginning!r} in {[q.quote[:40] for q in quotes]}"
    return hits[0]


def seed(path: Path) -> str:
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path.read_text(encoding="utf-8")


UK_NAMES = ("Ніколас Мадуро", "Кремль:ORG", "Володимира Путіна", "Дмитро Пєсков", "Мадуро", "Путіним",
            "Інтерфакс:ORG", "Вашингтон:LOC", "Хуана Гуайдо", "Москву:LOC", "Росію:LOC")
LT_NAMES = ("V. Putinas", "N. Maduro", "Maskvos:LOC", "Hugo Chavezo", "Donaldo Trumpo", "V. Putinui",
            "Dmitrijus Peskovas", "D. Peskovas", "Kremliaus:ORG", "JAV:LOC", "Venesuelos:LOC", "Rusijos:LOC",
            "V. Putino", "Recepu Tayyipu Erdoganu", "H. Chavezas")


@pytest.mark.parametrize("with_entities", [True, False])
def test_uk_seed_peskov_quotes(with_entities: bool) -> None:
    text = seed(UK_SEED)
    qs = quotes_of(text, "uk", mentions(text, *UK_NAMES) if with_entities else ())
    first, second = find(qs, "Візит планується"), find(qs, "І це відбудеться досить скоро")
    for q in (first, second):
        assert q.direct
        assert q.quote == text[q.start : q.end]
        assert text[q.speaker_start : q.speaker_end] == q.speaker
    if with_entities:  # the speaker is the mention of Peskov, also for "додав він"
        assert first.speaker == second.speaker == "Дмитро Пєсков"
    else:
        assert "Пєсков" in first.speaker and "Пєсков" in second.speaker


def test_uk_seed_kremlin_indirect_and_no_names_as_quotes() -> None:
    text = seed(UK_SEED)
    qs = quotes_of(text, "uk", mentions(text, *UK_NAMES))
    kremlin = find(qs, "Диктатор Ніколас Мадуро відвідає Росію")
    assert not kremlin.direct and kremlin.speaker == "Кремль"
    quoted = {q.quote for q in qs}
    for name in ("Інтерфакс", "Чавісти", "стратегічним союзником", "можливих збройних атак"):
        assert name not in quoted


@pytest.mark.parametrize("with_entities", [True, False])
def test_lt_seed_putin_maduro_peskov(with_entities: bool) -> None:
    text = seed(LT_SEED)
    qs = quotes_of(text, "lt", mentions(text, *LT_NAMES) if with_entities else ())
    putin1 = find(qs, "mes palaikome jūsų pastangas")
    putin2 = find(qs, "Be abejo, smerkiame")  # "– pridūrė Kremliaus vadovas"
    assert putin1.direct and putin2.direct
    assert putin1.speaker == putin2.speaker == "V. Putinas"
    maduro = find(qs, "jų derybos atneš")  # "N. Maduro sakė V. Putinui esąs tikras, kad …"
    assert not maduro.direct and maduro.speaker == "N. Maduro"
    assert find(qs, "gerų naujienų bendradarbiavimui").speaker == "N. Maduro"
    assert find(qs, "N. Maduro atvyko į Maskvą").speaker == "Dmitrijus Peskovas"
    # "– žurnalistams sakė D. Peskovas"
    assert find(qs, "Per derybas bus susitelkta").speaker == "D. Peskovas"
    pasak = find(qs, "šios Lotynų Amerikos šalies")  # "Pasak jo, …"
    assert not pasak.direct and "Peskovas" in pasak.speaker


def test_split_quote_gets_one_speaker_twice() -> None:
    text = ('"Мета цих дій - повалити конституційний лад, - сказала Санду, - що перевело б нашу країну в '
            'розпорядження Росії". Вона пообіцяла: "Спроби Кремля принести насильство в нашу країну не '
            'матимуть успіху".')
    qs = quotes_of(text, "uk", mentions(text, "Санду"))
    a, b = find(qs, "Мета цих дій"), find(qs, "що перевело б")
    assert a.end < b.start and "сказала" not in a.quote + b.quote
    assert a.speaker == b.speaker == "Санду"
    assert find(qs, "Спроби Кремля").speaker == "Санду"  # "Вона пообіцяла:" resolved to the earlier name


def test_reported_speech_uk_patterns() -> None:
    text = ("Речник компанії Ryanair Ганна Коваль заявила, що рейси скасують у середу. "
            "За словами Коваль, пасажирів поінформують. Ще 22 людини не виходять на зв'язок, повідомив "
            "Ніколенко.")
    qs = quotes_of(text, "uk", mentions(text, "Ryanair:ORG", "Ганна Коваль", "Коваль", "Ніколенко"))
    said = find(qs, "рейси скасують у середу")
    assert not said.direct and said.speaker == "Ганна Коваль"
    assert find(qs, "пасажирів поінформують").speaker == "Коваль"
    assert find(qs, "Ще 22 людини").speaker == "Ніколенко"


def test_role_noun_speaker_resolves_to_person_named_earlier() -> None:
    text = ('Foreign Minister Anna Smith met reporters on Monday. "We will not give up," the minister said. '
            'According to her, the talks will continue.')
    qs = quotes_of(text, "en", mentions(text, "Anna Smith"))
    assert find(qs, "We will not give up").speaker == "Anna Smith"
    assert find(qs, "the talks will continue").speaker == "Anna Smith"


def test_german_guillemets_and_dash_speech() -> None:
    de = "»Wir sind ja beide wahnsinnig. Reisen Sie weg!« sagte sie leise. Es wurde still."
    q = find(quotes_of(de, "de"), "Wir sind ja beide wahnsinnig")
    assert q.direct and q.speaker == "sie"
    lt = "Rungtynės buvo sunkios.\n– Mes žaidėme gerai, bet pritrūko jėgų, – sakė treneris Jonas Kazlauskas."
    q = find(quotes_of(lt, "lt", mentions(lt, "Jonas Kazlauskas")), "Mes žaidėme gerai")
    assert q.direct and q.speaker == "Jonas Kazlauskas"


def test_scare_quotes_titles_and_furniture_are_not_quotes() -> None:
    text = ('Фільм "Тіні забутих предків" показали в Києві. Політики назвали це "дипломатією землетрусів".\n'
            'Читайте також: "Ми переможемо", - заявив він.')
    doc = ArticleText(text=text, lang="uk", resources=resources_for("uk"),
                      furniture=((text.index("Читайте"), len(text)),))
    assert extract_quotes(doc, (), ()) == ()


def test_other_quoting_conventions() -> None:
    de = "Er sagte: ‚Wir kommen morgen wieder nach Hause.‘ Dann ging er."
    assert find(quotes_of(de, "de"), "Wir kommen morgen").direct
    fr = "Il a dit : ‹ Nous reviendrons demain matin à la maison. › Puis il est parti."
    assert find(quotes_of(fr, "fr"), "Nous reviendrons demain").quote.endswith("maison.")
    ja = "彼は「明日また家に帰ってきます、と言った」と述べた。"
    assert find(quotes_of(ja, "ja"), "明日また家に").direct
    en = '"We will be back tomorrow," said John Smith, the mayor. "It is done."'
    qs = quotes_of(en, "en", mentions(en, "John Smith"))
    assert find(qs, "We will be back tomorrow").quote == "We will be back tomorrow"
    assert find(qs, "It is done.").speaker == "John Smith"  # a short sentence after an attributed quote
