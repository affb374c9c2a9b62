"""Page furniture marking: seeds, real BBC/DW pages from the dev data, and constructed pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from babelwire.ingest.furniture import mark_furniture

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
UK_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "uk_quotes_dates" / "dev.jsonl"


def marked(text: str, lang: str = "und") -> list[str]:
    return [text[s:e] for s, e in mark_furniture(text, lang)]


def unmarked(text: str, lang: str = "und") -> str:
    out, pos = [], 0
    for s, e in mark_furniture(text, lang):
        out.append(text[pos:s])
        pos = e
    return "".join(out) + text[pos:]


def seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path.read_text(encoding="utf-8")


def test_ukrainian_seed_marks_the_stray_label_only():
    text = seed("000_92ca2dcb50815d7c.txt")
    assert marked(text, "uk") == ["кремль"]  # "Страх зради" is a real sub-heading and stays


def test_lithuanian_seed_related_block_ends_where_the_article_resumes():
    text = seed("003_51a46cec745ffea5.txt")
    assert marked(text, "lt") == [
        "Susiję straipsniai: Rusijai – pasiūlymas iš Ukrainos karinio laivyno vado Prieš rinkimus ES "
        "aktyviau kovos su melagingomis naujienomis"]
    assert "naujienomis N. Maduro" not in unmarked(text, "lt")
    assert "nuo sausio. N. Maduro sakė V. Putinui esąs tikras" in " ".join(unmarked(text, "lt").split())


def test_spans_are_sorted_and_do_not_overlap():
    text = seed("003_51a46cec745ffea5.txt") + "\n\n" + seed("000_92ca2dcb50815d7c.txt")
    spans = mark_furniture(text, "und")
    assert list(spans) == sorted(spans)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


SLOW = pytest.mark.slow  # loads simplemma's dictionary of one more language (seconds each on a busy machine)

# (language, text before, the related block, the article sentence that resumes after it)
INLINE_BLOCKS = [
    pytest.param("uk", "Переговори триватимуть до п'ятниці.",
                 "Читайте також: Уряд ухвалив нову програму підтримки фермерів",
                 "Візит Мадуро запланований до початку жовтня, повідомляє агентство."),
    pytest.param("lt", "Derybos vyks iki penktadienio.",
                 "Taip pat skaitykite: Vyriausybė pritarė naujai ūkininkų paramos programai",
                 "N. Maduro vizitas numatytas spalio pradžioje, pranešė agentūra."),
    pytest.param("uk", "Санкції набудуть чинності в понеділок.",
                 "Читайте також: Уряд ухвалив нову програму підтримки фермерів Парламент схвалив бюджет на "
                 "наступний рік", "Зеленський підписав закон, повідомив його офіс."),
    pytest.param("lt", "Sankcijos įsigalios pirmadienį.",
                 "Susiję straipsniai: Vyriausybė pritarė naujai ūkininkų paramos programai Seimas priėmė "
                 "kitų metų biudžetą", "G. Nausėda pasirašė įstatymą, pranešė prezidentūra."),
    pytest.param("lt", "Sankcijos įsigalios pirmadienį.",
                 "Susiję straipsniai: Vyriausybė pritarė naujai ūkininkų paramos programai",
                 "Prezidentas G. Nausėda pasirašė įstatymą, pranešė prezidentūra."),
    pytest.param("en", "The sanctions take effect on Monday.",
                 "Read more: Government Approves New Support Scheme for Farmers",
                 "President Biden signed the bill on Tuesday, the White House said.", marks=SLOW),
    pytest.param("ru", "Переговоры продолжатся в пятницу.",
                 "Читайте также: Песков рассказал о планах президента на осень",
                 "Визит Мадуро запланирован на начало октября, сообщает агентство.", marks=SLOW),
    pytest.param("pl", "Rozmowy potrwają do piątku.",
                 "Czytaj także: Prezydent podpisał ustawę o mediach publicznych",
                 "Wizyta Maduro w Moskwie jest planowana na październik, podała agencja.", marks=SLOW),
    pytest.param("de", "Die Gespräche dauern bis Freitag.",
                 "Lesen Sie auch: Kanzler kündigt neue Hilfen für Bauern an",
                 "Der Besuch von Maduro in Moskau ist für Oktober geplant, meldete die Agentur.", marks=SLOW),
    pytest.param("es", "Las conversaciones seguirán el viernes.",
                 "Te puede interesar: El Gobierno aprueba una nueva ley de vivienda",
                 "El viaje de Maduro a Moscú está previsto para octubre, informó la agencia.", marks=SLOW),
]


@pytest.mark.parametrize(("lang", "before", "block", "after"), INLINE_BLOCKS)
def test_inline_related_block_in_other_languages(lang, before, block, after):
    text = f"{before} {block} {after}"
    assert marked(text, lang) == [block]
    assert after in unmarked(text, lang)


def test_related_block_on_its_own_lines():
    text = ("Мадуро прибув до Москви у вівторок.\n\nЧитайте також:\nПутін зустрівся з лідером Венесуели\n"
            "Кремль прокоментував санкції США\n\nПєсков сказав, що переговори тривали дві години.")
    assert marked(text, "uk") == ["Читайте також:\nПутін зустрівся з лідером Венесуели\n"
                                  "Кремль прокоментував санкції США"]


def test_bbc_caption_credit_and_timestamp():
    text = ("Як у Туреччині побились футбольні команди 31 хвилин (и) тому Автор фото, ФК МИНАЙ "
            "Підпис до фото, У клубі стверджують, що це свіже фото з тренувань після бійки з росіянами "
            "У турецькій Анталії на зборах відбувся конфлікт між гравцями. Сторони підтвердили бійку.")
    assert marked(text, "uk") == [
        "31 хвилин (и) тому Автор фото, ФК МИНАЙ Підпис до фото, У клубі стверджують, що це свіже фото з "
        "тренувань після бійки з росіянами"]
    assert unmarked(text, "uk").strip().endswith("Сторони підтвердили бійку.")


def test_share_lines_labels_and_credits():
    text = ("Kremlius patvirtino vizitą.\n\nDalintis\n\nFacebook Twitter Telegram\n\n"
            "V. Putinas ir N. Maduro. Reuters/Scanpix nuotr.\n\npolitika\n\n"
            "Photo: Getty Images\n\nDerybos truko dvi valandas, sakė D. Peskovas.")
    assert marked(text, "lt") == ["Dalintis", "Facebook Twitter Telegram",
                                  "V. Putinas ir N. Maduro. Reuters/Scanpix nuotr.", "politika",
                                  "Photo: Getty Images"]


def test_credits_end_where_the_sentence_starts():
    text = "Фото: Getty Images Президент України Володимир Зеленський під час візиту до Вашингтона."
    assert marked(text, "uk") == ["Фото: Getty Images"]
    text = "Війна триває. (Фото: УНІАН) Зеленський заявив, що переговорів не буде."
    assert marked(text, "uk") == ["(Фото: УНІАН)"]


def test_plain_news_text_has_no_furniture():
    text = ("Президент заявив, що візит відбудеться 30 хвилин тому оголошеного строку. Також він "
            "поділився планами.\n\nСтрах зради\n\nМинулого тижня, за даними Reuters, сторони домовилися "
            "про продовження переговорів. Фото з місця події опублікували журналісти.")
    assert marked(text, "uk") == []


@pytest.mark.skipif(not UK_DEV.exists(), reason="shared/data/uk_quotes_dates is absent")
def test_bbc_and_dw_pages_of_the_dev_data():
    docs = {json.loads(line)["id"]: json.loads(line)["text"] for line in UK_DEV.open(encoding="utf-8")}
    bbc = docs["ukqd/wmt23:uk:bbc-ukrainian.10015:uk"]
    assert marked(bbc, "uk")[0].startswith("31 хвилин (и) тому Автор фото, ФК МИНАЙ Підпис до фото,")
    assert unmarked(bbc, "uk").count("У турецькій Анталії на зборах") == 1
    dw = docs["ukqd/wmt23:uk:ukrainian.dw.com.15553:uk"]
    assert marked(dw, "uk") == ["Читайте також: \"Мирні пропозиції\" Ілона Маска: як відреагували в "
                                "Україні та світі Starlink не має бути зброєю"]
    # nothing is marked in the texts that have no furniture markers (most of them)
    plain = [t for t in docs.values() if "Читайте" not in t and "фото," not in t]
    assert plain and all(not mark_furniture(t, "uk") for t in plain)


NTREX = Path(__file__).resolve().parents[2] / "shared" / "data" / "ntrex128_docs" / "articles.jsonl.gz"


@pytest.mark.slow
@pytest.mark.skipif(not NTREX.exists(), reason="shared/data/ntrex128_docs is absent")
@pytest.mark.parametrize(("lang", "marker"), [("uk", "Читайте також:"), ("lt", "Susiję straipsniai:")])
def test_block_ends_on_flattened_ntrex_articles(lang: str, marker: str):
    """1–3 real headlines of other NTREX articles put after a sentence of an article flattened into one
    paragraph, as in the Lithuanian seed; the block must end where the article resumes (odd documents
    only: the even ones were looked at while writing the rules)."""
    import gzip
    import random
    import re

    with gzip.open(NTREX, "rt", encoding="utf-8") as fh:
        docs = [d for d in map(json.loads, fh) if d["lang"] == lang]
    heads = [d["text"].split("\n", 1)[0].strip() for d in docs]
    sentence_end = re.compile(r"(?<=[.!?…])\s+(?=[A-ZА-ЯЁІЇЄҐŠŽČĄĘĖĮŲŪŁŚŹŻĆŃÓÄÖÜÑÁÉÍÚ„«\"“])")
    n = exact = over = 0
    for rep, i, doc in [(rep, i, doc) for rep in (1, 2, 3) for i, doc in enumerate(docs)]:
        rng = random.Random(rep * 1000 + i)
        body = " ".join(x.strip() for x in doc["text"].split("\n")[1:] if x.strip())
        cuts = [m.start() for m in sentence_end.finditer(body)]
        if len(cuts) < 3:
            continue
        cut = rng.choice(cuts[1:-1])
        others = [h for j, h in enumerate(heads) if j != i and 3 <= len(h.split()) <= 20]
        block = marker + " " + " ".join(rng.sample(others, rng.choice([1, 1, 2, 2, 3])))
        if i % 2 == 0:
            continue
        before, after = body[:cut].rstrip(), body[cut:].lstrip()
        text = f"{before} {block} {after}"
        start, true_end = len(before) + 1, len(before) + 1 + len(block)
        spans = mark_furniture(text, lang)
        assert all(s <= start < e for s, e in spans), "only the block may be marked"
        n += 1
        exact += spans[0][1] == true_end
        over += spans[0][1] > true_end
    assert n > 100
    print(f"{lang}: n={n} exact={exact / n:.3f} over={over / n:.3f}")
    assert exact / n >= 0.5  # measured 0.64 (uk) and 0.57 (lt) when written
    assert over / n <= 0.22  # marking the article's own text is the worse error: 0.16 and 0.09
