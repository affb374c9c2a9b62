"""Attribution constructions of Slavic news, one short constructed sentence each: channels of a report,
organisations with their country, names in quote marks, relative clauses with an infinitive, inserted
attributions, verbs of citing, impersonal verbs with a source, and the subject far after its verb.

Entity mentions are given explicitly (as a recogniser would mark them), so these tests check the
attribution logic on its own.
"""

from __future__ import annotations

from babelwire.extract.context import ArticleText
from babelwire.extract.quotes import extract_quotes
from babelwire.extract.roles import extract_roles
from babelwire.languages.resources import resources_for
from babelwire.model import Mention, Quote

_INTRO = {"uk": "У понеділок у столиці відбулася зустріч. ", "ru": "В понедельник в столице прошла встреча. ",
          "cs": "V pondělí se v hlavním městě konalo jednání. ",
          "lt": "Pirmadienį sostinėje vyko susitikimas. "}


def quotes_of(text: str, lang: str, *names: str) -> tuple[Quote, ...]:
    """Quotes of ``text`` after a neutral opening sentence; ``Name:TYPE`` marks every occurrence."""
    text = _INTRO[lang] + text
    out = []
    for name in names:
        surface, _, typ = name.partition(":")
        start = text.find(surface)
        while start >= 0:
            out.append(Mention(start, start + len(surface), surface, typ or "PER", surface))
            start = text.find(surface, start + 1)
    doc = ArticleText(text=text, lang=lang, resources=resources_for(lang))
    ents = tuple(sorted(out, key=lambda m: m.start))
    return extract_quotes(doc, ents, extract_roles(doc, ents))


def pairs(quotes: tuple[Quote, ...]) -> list[tuple[str, str | None]]:
    return [(q.quote, q.speaker) for q in quotes]


def test_a_medium_after_its_noun_is_the_channel_not_the_speaker() -> None:
    qs = quotes_of("Дмитро Кулеба в інтерв'ю виданню Politico заявив, що Україна переможе.", "uk",
                   "Дмитро Кулеба", "Politico:ORG", "Україна:LOC")
    assert pairs(qs) == [("Україна переможе", "Дмитро Кулеба")]
    qs = quotes_of("Дмитро Кулеба у своєму Telegram-каналі написав, що Україна переможе.", "uk",
                   "Дмитро Кулеба", "Telegram:PRO", "Україна:LOC")
    assert pairs(qs) == [("Україна переможе", "Дмитро Кулеба")]
    qs = quotes_of("Дмитрий Песков в эфире телеканала CNN заявил, что переговоров не будет.", "ru",
                   "Дмитрий Песков", "CNN:ORG")
    assert pairs(qs) == [("переговоров не будет", "Дмитрий Песков")]


def test_the_organisation_not_its_country_speaks_after_a_preposition() -> None:
    qs = quotes_of("У МЗС України заявили, що переговорів не буде.", "uk", "МЗС:ORG", "України:LOC")
    assert pairs(qs) == [("переговорів не буде", "МЗС")]


def test_an_organisation_in_quote_marks_names_the_source_and_is_no_quotation() -> None:
    qs = quotes_of('Газопровід буде добудовано, повідомили в прес-службі "Газпрому".', "uk",
                   "Газпрому:ORG")
    assert pairs(qs) == [("Газопровід буде добудовано", "Газпрому")]
    qs = quotes_of('Олексій Міллер, голова правління "Газпрому", заявив, що газопровід буде добудовано.',
                   "uk", "Олексій Міллер", "Газпрому:ORG")
    assert pairs(qs) == [("газопровід буде добудовано", "Олексій Міллер")]


def test_a_quotation_after_a_lead_in_colon_keeps_its_own_attribution() -> None:
    qs = quotes_of('Команда готувалася цілий тиждень: "Ми нарешті перемогли сильного суперника", - каже '
                   "тренер Олег Лужний.", "uk", "Олег Лужний")
    assert [(q.quote, q.speaker, q.direct) for q in qs] == [
        ("Ми нарешті перемогли сильного суперника", "Олег Лужний", True)]


def test_a_title_of_known_gender_takes_the_person_of_that_gender() -> None:
    qs = quotes_of('Тереза Мей зустрілася з Жаном-Клодом Юнкером. "Це неприйнятно", - заявила британська '
                   "прем'єрка.", "uk", "Тереза Мей", "Жаном-Клодом Юнкером")
    assert pairs(qs) == [("Це неприйнятно", "Тереза Мей")]


def test_nibyto_opens_reported_speech() -> None:
    qs = quotes_of("Путін заявив, ніби Україна готує провокацію.", "uk", "Путін", "Україна:LOC")
    assert pairs(qs) == [("Україна готує провокацію", "Путін")]


def test_infinitive_in_a_relative_clause_has_its_subject_after_it() -> None:
    qs = quotes_of("Жінка, яку закликають стратити радикальні ісламісти, просить притулку.", "uk")
    assert pairs(qs) == [("стратити", "радикальні ісламісти")]
    qs = quotes_of("Женщина, которую призывают казнить радикальные исламисты, просит убежища.", "ru")
    assert pairs(qs) == [("казнить", "радикальные исламисты")]
    # a plural noun in "-ти" is no infinitive: a threat with a noun is no report
    assert quotes_of("Жінка, якій погрожують смертю ісламісти, просить притулку.", "uk") == ()
    # a relative that is the subject: the content ends with the relative clause
    qs = quotes_of("Президент США Джо Байден, який пообіцяв надати Україні літаки, поїхав до Варшави.", "uk",
                   "США:LOC", "Джо Байден", "Україні:LOC", "Варшави:LOC")
    assert pairs(qs) == [("надати Україні літаки", "Джо Байден")]


def test_a_short_opening_interrupted_by_the_attribution() -> None:
    qs = quotes_of("Москва, заявив Дмитро Пєсков, не планує переговорів.", "uk",
                   "Москва:LOC", "Дмитро Пєсков")
    assert pairs(qs) == [("не планує переговорів", "Дмитро Пєсков")]


def test_a_source_phrase_up_front_is_no_content_of_a_later_verb() -> None:
    qs = quotes_of("Захарова обвинила Киев в провокациях. По ее словам, Москва ответит.", "ru",
                   "Захарова", "Киев:LOC", "Москва:LOC")
    assert pairs(qs) == [("Москва ответит", "Захарова")]


def test_a_verb_of_citing_gives_the_cited_person() -> None:
    qs = quotes_of("Переговори зірвано, цитує агентство Reuters Дмитра Пєскова.", "uk",
                   "Reuters:ORG", "Дмитра Пєскова")
    assert pairs(qs) == [("Переговори зірвано", "Дмитра Пєскова")]
    qs = quotes_of('"Мы победили сильного соперника", - цитирует агентство ТАСС Олега Лужного.', "ru",
                   "ТАСС:ORG", "Олега Лужного")
    assert pairs(qs) == [("Мы победили сильного соперника", "Олега Лужного")]


def test_an_impersonal_verb_takes_the_source_of_its_document() -> None:
    qs = quotes_of("У повідомленні Генштабу зазначається, що ворог втратив ще 500 солдатів.", "uk",
                   "Генштабу:ORG")
    assert pairs(qs) == [("ворог втратив ще 500 солдатів", "Генштабу")]
    # with no source, an impersonal verb reports nothing (not even in the previous speaker's name)
    qs = quotes_of("Пєсков заявив, що переговорів не буде. Зазначається, що ворог втратив ще 500 солдатів.",
                   "uk", "Пєсков")
    assert pairs(qs) == [("переговорів не буде", "Пєсков")]


def test_the_next_reports_subject_is_not_content() -> None:
    qs = quotes_of("Кулеба заявив, що Україна потребує зброї, а Блінкен додав, що допомога триватиме.", "uk",
                   "Кулеба", "Україна:LOC", "Блінкен")
    assert pairs(qs) == [("Україна потребує зброї", "Кулеба"), ("допомога триватиме", "Блінкен")]


def test_a_pronoun_takes_the_opening_surname_the_recogniser_missed() -> None:
    qs = quotes_of("Кулеба зустрівся з Блінкеном. Він заявив, що Україна потребує зброї.", "uk",
                   "Блінкеном", "Україна:LOC")
    assert pairs(qs) == [("Україна потребує зброї", "Кулеба")]


def test_the_subject_far_after_the_verb_past_places() -> None:
    qs = quotes_of("Vláda selhala, řekl ve středu v Praze na tiskové konferenci po jednání s odboráři "
                   "předseda opozice Jan Novák.", "cs", "Praze:LOC", "Jan Novák")
    assert pairs(qs) == [("Vláda selhala", "Jan Novák")]


def test_of_two_coordinated_authors_the_first_is_the_speaker() -> None:
    qs = quotes_of('"Партия прекратила существование", - говорится в заявлении Иванова и Петрова.', "ru",
                   "Иванова", "Петрова")
    assert pairs(qs) == [("Партия прекратила существование", "Иванова")]


def test_a_name_told_right_after_the_verb_is_the_addressee() -> None:
    qs = quotes_of('Переговоров не будет, сказал "Известиям" Дмитрий Песков.', "ru",
                   "Известиям:ORG", "Дмитрий Песков")
    assert pairs(qs) == [("Переговоров не будет", "Дмитрий Песков")]


def test_an_organisation_noun_stands_for_the_company_of_the_article_not_the_outlet() -> None:
    qs = quotes_of("Ryanair скасувала 600 рейсів. Ryanair вибачилася перед пасажирами, а акції Ryanair "
                   "впали. Про це повідомляє BBC. Лоукостер вже зв'язався з пасажирами і повідомив, що гроші "
                   "повернуть.",
                   "uk", "Ryanair:ORG", "BBC:ORG")
    assert pairs(qs)[-1] == ("гроші повернуть", "Ryanair")


def test_a_discourse_word_is_no_source_of_an_impersonal_report() -> None:
    qs = quotes_of("Так, повідомляється, що авіакомпанія скасувала 190 рейсів.", "uk")
    assert qs == ()


def test_lithuanian_outlet_before_the_verb_and_short_opening() -> None:
    qs = quotes_of("Derybų nebus, BNS sakė Kremliaus atstovas Dmitrijus Peskovas.", "lt",
                   "BNS:ORG", "Kremliaus:ORG", "Dmitrijus Peskovas")
    assert pairs(qs) == [("Derybų nebus", "Dmitrijus Peskovas")]
    qs = quotes_of("Maskva, sakė D. Peskovas, neplanuoja derybų.", "lt", "Maskva:LOC", "D. Peskovas")
    assert pairs(qs) == [("neplanuoja derybų", "D. Peskovas")]


def test_an_infinitive_the_dictionary_tags_as_a_plain_verb_still_counts() -> None:
    # "звільнити" ends like a plural noun ("депутати"); the dictionary reads it as a verb: the infinitive
    # after "просив" is the content, and the clause before the verb is no postposed report
    qs = quotes_of('Брюссель, який запровадив санкції, неодноразово просив Мінськ відкликати підтримку '
                   '"Солідарності".', "uk", "Брюссель:LOC", "Мінськ:LOC", "Солідарності:ORG")
    assert [(q.quote.split()[0], q.speaker) for q in qs] == [("Мінськ", "Брюссель")]
