"""Main text from HTML: the article stays, navigation, sidebars, footers and cookie banners go."""

from __future__ import annotations

import pytest

from babelwire.ingest.html import HtmlError, declared_charset, extract_html

PARAGRAPHS = [
    "Диктатор Ніколас Мадуро відвідає Росію найближчим часом, мабуть, намагаючись посилити підтримку "
    "Росії на тлі кризи у Венесуелі, заявив Кремль у п'ятницю.",
    "\"Візит планується\", - заявив журналістам речник президента Володимира Путіна Дмитро Пєсков. "
    "\"І це відбудеться досить скоро\", - додав він, відмовляючись вказати точні дати.",
    "Москва проводить щорічний енергетичний форум з 2 по 5 жовтня, але було неясно, чи буде Мадуро "
    "брати участь у ньому цього року.",
]
FURNITURE = ["Ми використовуємо файли cookie", "Головна", "Популярне", "Курс валют на сьогодні",
             "Усі права захищено", "Політика конфіденційності"]


def page(charset: str = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="uk"><head><meta charset="{charset}">
<title>Мадуро відвідає Росію | Новини</title>
<meta property="og:title" content="Мадуро відвідає Росію">
<meta property="article:published_time" content="2019-09-20T10:00:00+03:00">
<link rel="canonical" href="https://news.example.org/2019/09/maduro-russia">
</head><body>
<div id="cookie-banner" class="cookie-consent">Ми використовуємо файли cookie. Натисніть «Прийняти».
<button>Прийняти</button></div>
<header><nav><ul><li><a href="/">Головна</a></li><li><a href="/world">Світ</a></li></ul></nav></header>
<aside class="sidebar"><h3>Популярне</h3><ul><li><a href="/a">Зірки шоу-бізнесу відпочивають</a></li>
<li><a href="/b">Курс валют на сьогодні</a></li></ul></aside>
<main><article><h1>Мадуро відвідає Росію</h1>
{body}</article></main>
<footer><p>© 2019 Новини. Усі права захищено.</p><a href="/privacy">Політика конфіденційності</a></footer>
</body></html>"""


def test_article_text_and_metadata_without_furniture():
    article = extract_html(page())
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    for junk in FURNITURE:
        assert junk not in article.text
    assert "\n\n".join(PARAGRAPHS) in article.text  # paragraphs are separated by blank lines
    assert article.title == "Мадуро відвідає Росію"
    assert article.published == "2019-09-20"
    assert article.url == "https://news.example.org/2019/09/maduro-russia"


def test_declared_charset():
    assert declared_charset(page("windows-1251").encode("cp1251")) == "cp1251"
    assert declared_charset(b"<html><body>no meta</body></html>") is None


def test_malformed_html_gives_best_text():
    article = extract_html("<html><body><div><p>Мадуро прибув до Москви у вівторок, <b>повідомив Кремль"
                           "<p>Переговори тривали дві години<div></body>")
    assert "Мадуро прибув до Москви у вівторок" in article.text


@pytest.mark.parametrize("html", ["", "   ", "<<<>>>&&&", "<html><head><script>x</script></head></html>"])
def test_pages_without_text_raise_a_clear_error(html):
    with pytest.raises(HtmlError, match="HTML"):
        extract_html(html)
