"""Roles and titles attached to person mentions."""

from __future__ import annotations

from babelwire.extract.context import ArticleText
from babelwire.extract.roles import extract_roles
from babelwire.languages.resources import resources_for
from babelwire.model import Mention


def _ments(text: str, *names: str) -> tuple[Mention, ...]:
    out = []
    for name in names:
        surface, _, typ = name.partition(":")
        i = text.index(surface)
        out.append(Mention(i, i + len(surface), surface, typ or "PER", surface))
    return tuple(sorted(out, key=lambda m: m.start))


def roles_of(text: str, lang: str, *names: str) -> list[tuple[str, str | None, str]]:
    doc = ArticleText(text=text, lang=lang, resources=resources_for(lang))
    roles = extract_roles(doc, _ments(text, *names))
    return [(r.text, r.key, text[r.holder_start : r.holder_end]) for r in roles]


def test_uk_spokesperson_of_the_president() -> None:
    text = '"Візит планується", - заявив журналістам речник президента Володимира Путіна Дмитро Пєсков.'
    roles = roles_of(text, "uk", "Володимира Путіна", "Дмитро Пєсков")
    assert ("речник президента Володимира Путіна", "spokesperson", "Дмитро Пєсков") in roles
    assert ("президента", "president", "Володимира Путіна") in roles
    assert not any(key == "journalist" for _, key, _ in roles)  # "журналістам" is a group, not a title


def test_en_title_before_and_apposition_after() -> None:
    text = "Venezuelan President Nicolás Maduro met Dmitry Peskov, the Kremlin spokesman, in Moscow."
    roles = roles_of(text, "en", "Nicolás Maduro", "Dmitry Peskov", "Moscow:LOC")
    assert ("Venezuelan President", "president", "Nicolás Maduro") in roles
    assert ("Kremlin spokesman", "spokesperson", "Dmitry Peskov") in roles


def test_lt_titles() -> None:
    text = "Kremliaus atstovas Dmitrijus Peskovas sakė, kad Lietuvos prezidentas G. Nausėda atvyks."
    roles = roles_of(text, "lt", "Dmitrijus Peskovas", "Lietuvos:LOC", "G. Nausėda")
    assert ("Kremliaus atstovas", "spokesperson", "Dmitrijus Peskovas") in roles
    assert ("Lietuvos prezidentas", "president", "G. Nausėda") in roles


def test_role_keys_are_shared_across_languages() -> None:
    cases = [
        ("Rzecznik Kremla Dmitrij Pieskow powiedział, że wizyta się odbędzie.", "pl", "Dmitrij Pieskow"),
        ("Kremlsprecher Dmitri Peskow sagte, der Besuch sei geplant.", "de", "Dmitri Peskow"),
        ("El portavoz del Kremlin, Dmitri Peskov, dijo que la visita está prevista.", "es", "Dmitri Peskov"),
        ("Пресс-секретарь президента Дмитрий Песков заявил, что визит планируется.", "ru", "Дмитрий Песков"),
    ]
    for text, lang, name in cases:
        found = roles_of(text, lang, name)
        assert any(key == "spokesperson" and holder == name for _, key, holder in found), (lang, found)


def test_no_role_without_a_person() -> None:
    assert roles_of("Президент країни заявив, що візит відбудеться.", "uk") == []
