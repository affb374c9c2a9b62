"""Time expressions: seeds, per-language phrase tables against a fixed publication date, furniture."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from babelwire.extract.context import ArticleText
from babelwire.extract.dates import extract_dates
from babelwire.languages import resources_for

SEEDS = Path("/work/shared/seeds")
FRIDAY = date(2019, 9, 27)  # a Friday


def _dates(text: str, lang: str, published: date | None = None, furniture=()) -> dict[str, tuple[str, str]]:
    doc = ArticleText(text=text, lang=lang, resources=resources_for(lang), published=published,
                      furniture=tuple(furniture))
    out = {}
    for t in extract_dates(doc):
        assert text[t.start:t.end] == t.text
        out[t.text] = (t.type, t.value)
    return out


def _seed(prefix: str) -> str:
    files = sorted(SEEDS.glob(prefix + "*.txt"))
    if not files:
        pytest.skip("seeds not available")
    return files[0].read_text(encoding="utf-8")


def test_ukrainian_seed_without_publication_date():
    got = _dates(_seed("000_"), "uk")
    assert got["у грудні 2018 року"] == ("DATE", "2018-12")
    assert got["у п'ятницю"] == ("DATE", "XXXX-WXX-5")
    assert got["у грудні минулого року"] == ("DATE", "XXXX-12")  # the year is not known without a date
    # a range is two timexes, one for each end (uk_quotes_dates convention)
    assert got["2"] == ("DATE", "XXXX-10-02")
    assert got["5 жовтня"] == ("DATE", "XXXX-10-05")


def test_lithuanian_seed_without_publication_date():
    got = _dates(_seed("003_"), "lt")
    assert got["2013 metais"] == ("DATE", "2013")
    assert got["2011 metais"] == ("DATE", "2011")
    assert got["gegužę"] == ("DATE", "XXXX-05")
    assert got["sausio"] == ("DATE", "XXXX-01")  # "nuo sausio": the preposition stays outside
    assert got["pernai"] == ("DATE", None)  # last year, with no date to count from
    assert "šiais metais" in got


UK = [
    ("27 вересня 2019 року", "DATE", "2019-09-27"),
    ("у грудні 2018 року", "DATE", "2018-12"),
    ("у п'ятницю", "DATE", "2019-09-27"),
    ("у вівторок", "DATE", "2019-09-24"),
    ("вчора", "DATE", "2019-09-26"),
    ("минулого тижня", "DATE", "2019-W38"),
    ("наступного року", "DATE", "2020"),
    ("минулого місяця", "DATE", "2019-08"),
    ("у 2013 році", "DATE", "2013"),
    ("три роки", "DURATION", "P3Y"),
    ("кілька днів", "DURATION", "PXD"),
    ("два тижні тому", "DATE", "2019-W37"),
    ("щомісяця", "SET", "P1M"),
    ("наразі", "DATE", "PRESENT_REF"),
    ("нещодавно", "DATE", "PAST_REF"),
    ("незабаром", "DATE", "FUTURE_REF"),
    ("навесні", "DATE", "2019-SP"),
    ("27.09.2019", "DATE", "2019-09-27"),
    ("о 14:30", "TIME", "2019-09-27T14:30"),
    ("наприкінці грудня минулого року", "DATE", "2018-12"),
]

LT = [
    ("2019 m. rugsėjo 27 d.", "DATE", "2019-09-27"),
    ("2013 metais", "DATE", "2013"),
    ("gegužę", "DATE", "2019-05"),
    ("praėjusį penktadienį", "DATE", "2019-09-20"),
    ("pernai", "DATE", "2018"),
    ("praėjusią savaitę", "DATE", "2019-W38"),
    ("vakar", "DATE", "2019-09-26"),
    ("prieš keturis metus", "DATE", "2015"),
    ("12 metų", "DURATION", "P12Y"),
    ("2 val. 21 min. 10 sek.", "DURATION", "PT2H21M10S"),
    ("šiuo metu", "DATE", "PRESENT_REF"),
    ("kasdien", "SET", "P1D"),
]

EN = [
    ("September 27, 2019", "DATE", "2019-09-27"),
    ("last week", "DATE", "2019-W38"),
    ("today", "DATE", "2019-09-27"),
    ("this year", "DATE", "2019"),
    ("two weeks", "DURATION", "P2W"),
    ("every week", "SET", "P1W"),
    ("a year ago", "DATE", "2018"),
    ("Tuesday", "DATE", "2019-09-24"),
    ("the third quarter", "DATE", "2019-Q3"),
    ("the 1990s", "DATE", "199"),
    ("now", "DATE", "PRESENT_REF"),
    ("next month", "DATE", "2019-10"),
]


# other languages: the same grammar, only their dates.toml differs
MORE = {
    "ru": [("в декабре прошлого года", "DATE", "2018-12"), ("три года назад", "DATE", "2016"),
           ("вчера вечером", "TIME", "2019-09-26TEV"), ("в 2013 году", "DATE", "2013"),
           ("каждую неделю", "SET", "P1W")],
    "pl": [("w grudniu ubiegłego roku", "DATE", "2018-12"), ("w zeszłym tygodniu", "DATE", "2019-W38"),
           ("trzy lata temu", "DATE", "2016"), ("w 2013 roku", "DATE", "2013")],
    "de": [("Am Freitag, 27. September 2019", "DATE", "2019-09-27"), ("letzte Woche", "DATE", "2019-W38"),
           ("vor drei Jahren", "DATE", "2016"), ("um 14 Uhr", "TIME", "2019-09-27T14:00")],
    "es": [("el viernes 27 de septiembre de 2019", "DATE", "2019-09-27"),
           ("la semana pasada", "DATE", "2019-W38"), ("hace tres años", "DATE", "2016"),
           ("ayer", "DATE", "2019-09-26")],
    "et": [("eelmisel nädalal", "DATE", "2019-W38"), ("kolm aastat tagasi", "DATE", "2016"),
           ("2013. aastal", "DATE", "2013"), ("detsembris", "DATE", "2019-12"), ("mullu", "DATE", "2018")],
}


def _check_table(lang, table):
    for phrase, ttype, value in table:
        got = _dates(phrase, lang, FRIDAY)
        assert got.get(phrase) == (ttype, value), (lang, phrase, got)


@pytest.mark.parametrize(("lang", "table"), [("uk", UK), ("lt", LT), ("en", EN)])
def test_phrase_tables_against_a_friday(lang, table):
    _check_table(lang, table)


@pytest.mark.slow  # each language compiles its grammar once (about a second)
@pytest.mark.parametrize(("lang", "table"), sorted(MORE.items()))
def test_more_languages_against_a_friday(lang, table):
    _check_table(lang, table)


def test_weekday_in_future_context_looks_ahead():
    got = _dates("Страйк відбудеться у середу.", "uk", FRIDAY)
    assert got["у середу"] == ("DATE", "2019-10-02")


def test_anaphoric_day_follows_the_narrative():
    got = _dates("Вирок оголосили у неділю, 4 листопада. Напередодні суд засідав.", "uk")
    assert got["у неділю, 4 листопада"] == ("DATE", "XXXX-11-04")
    assert got["Напередодні"] == ("DATE", "XXXX-11-03")


def test_furniture_is_skipped():
    text = "Читайте також: 5 жовтня\n\nУ грудні 2018 року."
    got = _dates(text, "uk", furniture=[(0, 23)])
    assert "5 жовтня" not in got
    assert got["У грудні 2018 року"] == ("DATE", "2018-12")


def test_english_month_words_need_capitals():
    got = _dates("They may march in May.", "en", FRIDAY)
    assert list(got) == ["May"]


def test_unknown_language_still_finds_iso_dates_and_years():
    got = _dates("Signed 2019-09-27, in force since 2013.", "xx")
    assert got["2019-09-27"] == ("DATE", "2019-09-27")
    assert got["2013"] == ("DATE", "2013")
