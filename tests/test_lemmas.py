"""Base forms of names: the nominative as the article's language writes it."""

from __future__ import annotations

import pytest

from babelwire.languages.lemmas import lemmatize_name
from babelwire.languages.resources import resources_for

CASES = [
    # Lithuanian: hand-written ending tables
    ("lt", "V. Putinui", "PER", "V. Putinas"),
    ("lt", "V. Putino", "PER", "V. Putinas"),
    ("lt", "Donaldo Trumpo", "PER", "Donaldas Trumpas"),
    ("lt", "Recepu Tayyipu Erdoganu", "PER", "Recepas Tayyipas Erdoganas"),
    ("lt", "Hugo Chavezo", "PER", "Hugo Chavezas"),
    ("lt", "N. Maduro", "PER", "N. Maduro"),
    ("lt", "Dmitrijus Peskovas", "PER", "Dmitrijus Peskovas"),
    ("lt", "R. Griešių", "PER", "R. Griešius"),
    ("lt", "Jungtinėse Valstijose", "LOC", "Jungtinės Valstijos"),
    ("lt", "Jungtines Valstijas", "LOC", "Jungtinės Valstijos"),
    ("lt", "Tarptautinis valiutos fondas", "ORG", "Tarptautinis valiutos fondas"),
    ("lt", "Kauno sporto mokyklos", "ORG", "Kauno sporto mokykla"),
    ("lt", "Didžiosios Britanijos", "LOC", "Didžioji Britanija"),
    ("lt", "Venesueloje", "LOC", "Venesuela"),
    ("lt", "Rusiją", "LOC", "Rusija"),
    ("lt", "Maskvą", "LOC", "Maskva"),
    ("lt", "Karakase", "LOC", "Karakasas"),
    ("lt", "Kremliaus", "ORG", "Kremlius"),
    ("lt", "JAV", "LOC", "JAV"),
    # Ukrainian / Russian: pymorphy3 with agreement
    ("uk", "Путіним", "PER", "Путін"),
    ("uk", "Володимира Путіна", "PER", "Володимир Путін"),
    ("uk", "Дмитро Пєсков", "PER", "Дмитро Пєсков"),
    ("uk", "Хуана Гуайдо", "PER", "Хуан Гуайдо"),
    ("uk", "Чавеса", "PER", "Чавес"),
    ("uk", "Венесуелі", "LOC", "Венесуела"),
    ("uk", "Каракасі", "LOC", "Каракас"),
    ("uk", "Генеральну Асамблею ООН", "ORG", "Генеральна Асамблея ООН"),
    ("uk", "Сполучених Штатах", "LOC", "Сполучені Штати"),
    ("uk", "Нью-Йорку", "LOC", "Нью-Йорк"),
    ("uk", "Кремлі", "ORG", "Кремль"),
    ("uk", "Європейського Союзу", "ORG", "Європейський Союз"),
    ("uk", "США", "LOC", "США"),
    ("ru", "Владимира Путина", "PER", "Владимир Путин"),
    ("ru", "Путиным", "PER", "Путин"),
    ("ru", "Алексей Пушков", "PER", "Алексей Пушков"),
    ("ru", "Соединенных Штатов", "LOC", "Соединенные Штаты"),
    ("ru", "Европейского союза", "ORG", "Европейский союз"),
    # learned ending rules
    ("pl", "Wielkiej Brytanii", "LOC", "Wielka Brytania"),
    ("pl", "Donalda Trumpa", "PER", "Donald Trump"),
    ("cs", "Evropské unie", "ORG", "Evropská unie"),
    # languages that do not decline names
    ("en", "Nicolás Maduro", "PER", "Nicolás Maduro"),
]


@pytest.mark.parametrize(("lang", "text", "type_", "lemma"), CASES)
def test_lemma(lang: str, text: str, type_: str, lemma: str) -> None:
    assert lemmatize_name(text, type_, resources_for(lang)) == lemma


def test_capitalisation_follows_the_mention() -> None:
    uk = resources_for("uk")
    assert lemmatize_name("ПУТІНИМ", "PER", uk) == "ПУТІН"
    assert lemmatize_name("путіним", "PER", uk) == "путін"


def test_unknown_language_keeps_the_name() -> None:
    assert lemmatize_name("  Ángela   Merkel ", "PER", resources_for("xx")) == "Ángela Merkel"
