"""Cross-lingual quote grouping: one statement reported in several languages is one group."""

from __future__ import annotations

from babelwire.quotegroups import group_quotes, quote_similarity
from babelwire.store import QuoteRow

PESKOV = "E-peskov"


def Q(article_id: str, lang: str, published: str, quote: str, speaker: str, speaker_id: str) -> QuoteRow:  # noqa: N802
    return QuoteRow(article_id, lang, published, quote, speaker, speaker_id, direct=True)


ITEMS = [
    Q("uk-1", "uk", "2019-09-27", "Візит планується, і це відбудеться досить скоро", "Пєсков", PESKOV),
    Q("ru-1", "ru", "2019-09-27", "Визит планируется, и это произойдёт довольно скоро", "Песков", PESKOV),
    Q("en-1", "en", "2019-09-28", "The visit is planned and it will happen quite soon", "Peskov", PESKOV),
    Q(
        "ru-2",
        "ru",
        "2019-09-28",
        "Мы не комментируем решения американского суда по этому делу",
        "Песков",
        PESKOV,
    ),
    Q("ru-3", "ru", "2019-12-20", "Визит планируется, и это произойдёт довольно скоро", "Песков", PESKOV),
    Q("uk-2", "uk", "2019-09-27", "Візит планується, і це відбудеться досить скоро", "Лавров", "E-lavrov"),
]


def _group_of(groups: list[list[int]], i: int) -> set[int]:
    return next(set(g) for g in groups if i in g)


def test_same_statement_in_three_languages_is_one_group() -> None:
    groups = group_quotes(ITEMS)
    assert _group_of(groups, 0) == {0, 1, 2}


def test_other_statement_other_speaker_and_months_later_stay_apart() -> None:
    groups = group_quotes(ITEMS)
    assert _group_of(groups, 3) == {3}  # same speaker, same days, different content
    assert _group_of(groups, 4) == {4}  # same words three months later: a new statement
    assert _group_of(groups, 5) == {5}  # same words, another speaker


def test_trigram_similarity_alone_links_close_languages() -> None:
    assert quote_similarity(ITEMS[0].quote, ITEMS[1].quote) > quote_similarity(ITEMS[0].quote, ITEMS[3].quote)
    groups = group_quotes(ITEMS[:2] + ITEMS[3:4], use_embeddings=False)
    assert _group_of(groups, 0) == {0, 1}
