"""Speakers of quotations: gender agreement, role nouns (titles vs unnamed sources), gerunds, anaphora,
names in quotation marks and quotations over paragraphs, on small real-style Ukrainian and Lithuanian texts.

Entity mentions are given explicitly (as a recogniser would mark them), so these tests check the speaker
logic on its own, whatever the recogniser of the day finds.
"""

from __future__ import annotations

from babelwire.extract.context import ArticleText
from babelwire.extract.quotes import extract_quotes
from babelwire.extract.quotes_lexicon import quote_lexicon
from babelwire.extract.roles import extract_roles
from babelwire.languages.resources import resources_for
from babelwire.model import Mention, Quote


def mentions(text: str, *names: str) -> tuple[Mention, ...]:
    """Every occurrence of each name as a mention (``Name:TYPE`` sets the type, PER by default;
    ``Name:TYPE:Lemma`` the lemma)."""
    out = []
    for name in names:
        surface, _, rest = name.partition(":")
        typ, _, lemma = rest.partition(":")
        start = text.find(surface)
        while start >= 0:
            out.append(Mention(start, start + len(surface), surface, typ or "PER", lemma or surface))
            start = text.find(surface, start + 1)
    return tuple(sorted(out, key=lambda m: m.start))


def quotes_of(text: str, lang: str, *names: str) -> tuple[Quote, ...]:
    doc = ArticleText(text=text, lang=lang, resources=resources_for(lang))
    ents = mentions(text, *names)
    return extract_quotes(doc, ents, extract_roles(doc, ents))


def speaker_of(quotes: tuple[Quote, ...], beginning: str) -> str | None:
    hits = [q for q in quotes if q.quote.startswith(beginning)]
    assert hits, f"no quote starting {beginning!r} in {[q.quote[:40] for q in quotes]}"
    return hits[0].speaker


def test_gender_lexicon_reads_names_verbs_and_roles() -> None:
    uk = quote_lexicon(resources_for("uk")).gender
    assert uk.of_verb("заявила") == "f" and uk.of_verb("заявив") == "m" and uk.of_verb("каже") is None
    assert uk.of_name("Тереза Мей") == "f" and uk.of_name("Микола Азаров") == "m"
    # an inflected first name lemmatised to the other gender tells nothing but the surname
    assert uk.of_name("Роберт Мецола", "Роберта Мецола") is None
    assert uk.of_role("прем'єрка") == "f" and uk.of_role("речника") is None
    lt = quote_lexicon(resources_for("lt")).gender
    assert lt.of_name("Dalia Grybauskaitė") == "f" and lt.of_name("Saulius Skvernelis") == "m"
    assert lt.of_role("prezidentė") == "f" and lt.of_role("Kremliaus vadovas") == "m"


def test_pronoun_takes_the_person_of_its_gender() -> None:
    text = ("Урсула фон дер Ляєн зустрілася з Шарлем Мішелем. \"Європа єдина\", - заявив він. "
            "\"Ми підтримуємо Україну\", - додала вона.")
    qs = quotes_of(text, "uk", "Урсула фон дер Ляєн::Урсула фон дер Ляєн", "Шарлем Мішелем::Шарль Мішель")
    assert speaker_of(qs, "Європа") == "Шарлем Мішелем"
    assert speaker_of(qs, "Ми підтримуємо") == "Урсула фон дер Ляєн"


def test_lithuanian_pronouns_by_gender() -> None:
    text = ("Prezidentė Dalia Grybauskaitė susitiko su premjeru Sauliumi Skverneliu. „Turime veikti kartu“, "
            "– sakė ji. „Sutinku“, – pridūrė jis.")
    qs = quotes_of(text, "lt", "Dalia Grybauskaitė", "Sauliumi Skverneliu::Saulius Skvernelis")
    assert speaker_of(qs, "Turime") == "Dalia Grybauskaitė"
    assert speaker_of(qs, "Sutinku") == "Sauliumi Skverneliu"


def test_unnamed_role_stays_the_speaker() -> None:
    # a spokesperson or a minister of some country is no guess at the last name mentioned
    text = ("Співробітники Ryanair вимагають підвищення зарплати, пише Майкл Сміт. Речник компанії заявив, "
            "що страйк є невиправданим. Міністр оборони Франції повідомив, що контракт уже підписано.")
    qs = quotes_of(text, "uk", "Ryanair:ORG", "Майкл Сміт", "Франції:LOC")
    assert speaker_of(qs, "страйк") == "Речник"
    assert speaker_of(qs, "контракт").lower().startswith("міністр")


def test_role_resolves_to_its_introduced_holder() -> None:
    text = ("Епідеміолог Федір Лапій розповів, що вакцинація почнеться навесні. Президент Володимир "
            "Зеленський провів нараду. Лікар наголосив, що маски залишаються обов'язковими.")
    qs = quotes_of(text, "uk", "Федір Лапій", "Володимир Зеленський")
    assert speaker_of(qs, "маски") == "Федір Лапій"


def test_headline_title_resolves_to_the_name_below() -> None:
    text = ("Голова Ryanair пригрозив перемістити робочі місця до Польщі через страйки\n\n"
            "Глава Ryanair Майкл О'Лірі пригрозив перевести більше робочих місць до Польщі, оскільки "
            "авіакомпанія стикається з перспективою страйків.")
    qs = quotes_of(text, "uk", "Ryanair:ORG", "Майкл О'Лірі")
    assert speaker_of(qs, "перемістити") == "Майкл О'Лірі"
    # the infinitive report ends before the reason the reporter gives
    body = [q for q in qs if q.quote.startswith("перевести")]
    assert body and body[0].quote == "перевести більше робочих місць до Польщі"


def test_gerund_takes_the_main_verbs_subject() -> None:
    text = ("Мішель Барньє виступив у Брюсселі. \"Міністри згодні з пакетом (члени Ради ЄС. - Ред.)\", - "
            "сказав він після засідання Ради ЄС, додавши, що проект є \"справедливим та збалансованим\".")
    qs = quotes_of(text, "uk", "Мішель Барньє", "Ради ЄС:ORG", "Брюсселі:LOC")
    assert speaker_of(qs, "проект") == speaker_of(qs, "Міністри") == "Мішель Барньє"


def test_anaphora_with_the_subject_before_its_verb() -> None:
    text = ("Уряд Естонії вимагає зупинити будівництво газопроводу. Про це міністр закордонних справ Естонії "
            "Свен Міксер заявив в інтерв'ю газеті Die Welt.")
    qs = quotes_of(text, "uk", "Естонії:LOC", "Свен Міксер", "Die Welt:ORG")
    assert speaker_of(qs, "Уряд Естонії") == "Свен Міксер"


def test_organisation_noun_in_apposition_is_the_name() -> None:
    text = ("Компанія Pfizer повідомила, що її вакцина ефективна на 95%. У компанії також зазначили, що "
            "постачання почнеться в грудні.")
    qs = quotes_of(text, "uk", "Pfizer:ORG")
    assert speaker_of(qs, "її вакцина") == "Pfizer"
    assert speaker_of(qs, "постачання") == "Pfizer"


def test_name_in_marks_inside_an_attribution() -> None:
    text = "„Tai buvo sunkios rungtynės“, – po mačo sakė „Žalgirio“ treneris Šarūnas Jasikevičius."
    qs = quotes_of(text, "lt", "Žalgirio:ORG", "Šarūnas Jasikevičius")
    assert speaker_of(qs, "Tai buvo") == "Šarūnas Jasikevičius"


def test_quotation_over_paragraphs_is_one_quote() -> None:
    text = ("Treneris Jonas Kazlauskas kalbėjo po rungtynių.\n\n„Mes tikrai nesitikėjome tokio rezultato. "
            "Komanda dirbo labai sunkiai.\n\nTikiuosi, kad kitą sezoną bus dar geriau“, – sakė "
            "J. Kazlauskas.")
    qs = quotes_of(text, "lt", "Jonas Kazlauskas", "J. Kazlauskas")
    direct = [q for q in qs if q.direct]
    assert len(direct) == 1
    assert direct[0].quote.startswith("Mes tikrai") and direct[0].quote.endswith("dar geriau")
    assert direct[0].speaker == "J. Kazlauskas"


def test_unnamed_subject_of_a_colon_quotation() -> None:
    text = ("Один із ректорів \"не для запису\" заявив: \"Якщо виходити з економічної вигоди, то я б закрив "
            "усі програми\".")
    qs = quotes_of(text, "uk")
    sp = speaker_of(qs, "Якщо")
    assert sp is not None and sp.startswith("Один")


def test_outlet_before_the_verb_is_the_addressee() -> None:
    text = ("„Vyras buvo sulaikytas vakar vakare“, – DELFI sakė Vilniaus policijos atstovė "
            "Jurgita Kazlauskienė.")
    qs = quotes_of(text, "lt", "DELFI:ORG", "Vilniaus:LOC", "Jurgita Kazlauskienė")
    assert speaker_of(qs, "Vyras") == "Jurgita Kazlauskienė"


def test_as_phrase_with_words_before_its_verb() -> None:
    text = "Kaip DELFI informavo policijos atstovas Ramūnas Matonis, vyras buvo neblaivus."
    qs = quotes_of(text, "lt", "DELFI:ORG", "Ramūnas Matonis")
    assert speaker_of(qs, "vyras") == "Ramūnas Matonis"
    text = "Як Reuters повідомляє, переговори тривали три тижні."
    assert speaker_of(quotes_of(text, "uk", "Reuters:ORG"), "переговори") == "Reuters"


def test_quotation_introduced_by_the_paragraph_above() -> None:
    text = ("Речник Кремля Дмитро Пєсков прокоментував заяву Києва. Він заявив:\n\n"
            "\"Ми не отримували жодних пропозицій від Києва\".")
    qs = quotes_of(text, "uk", "Кремля:ORG", "Дмитро Пєсков", "Києва:LOC")
    assert speaker_of(qs, "Ми не отримували") == "Дмитро Пєсков"


def test_dateline_suffix_ends_the_headline_report() -> None:
    text = ("Мецола закликала дати Києву винищувачі - DW - 09.02.2023 Президентка Європарламенту "
            "Роберта Мецола під час засідання у четвер, в ході якого виступив президент України "
            "Володимир Зеленський, закликала надати Україні літаки.")
    qs = quotes_of(text, "uk", "Мецола", "Роберта Мецола", "Володимир Зеленський", "України:LOC",
                   "Україні:LOC", "Києву:LOC", "DW:ORG")
    assert [q.quote for q in qs] == ["дати Києву винищувачі", "надати Україні літаки"]
    assert {q.speaker for q in qs} <= {"Мецола", "Роберта Мецола"}


def test_sentence_opener_after_a_lower_case_word_is_a_lost_full_stop() -> None:
    from babelwire.extract.quotes_text import sentence_spans
    lex = quote_lexicon(resources_for("uk"))
    text = ("Прем'єр попросив пришвидшити поставки зброї Напередодні агенція повідомляла, що він прибув "
            "до Брюсселя.")
    spans = sentence_spans(text, lex.abbreviations, (), lex.sentence_openers)
    assert [text[a:b] for a, b in spans][0] == "Прем'єр попросив пришвидшити поставки зброї"
    qs = quotes_of(text, "uk", "Брюсселя:LOC")
    assert "пришвидшити поставки зброї" in [q.quote for q in qs]
    # a future form announces a request nobody has made yet: no report
    qs = quotes_of(text.replace("попросив", "проситиме"), "uk", "Брюсселя:LOC")
    assert "пришвидшити поставки зброї" not in [q.quote for q in qs]
    # a capitalised word that opens no sentence (a name) does not cut
    assert len(sentence_spans("Зустріч провів міністр Петренко у Львові.", lex.abbreviations, (),
                              lex.sentence_openers)) == 1


def test_appeal_with_a_request_noun() -> None:
    text = ("У відеозверненні Іван Петренко звернувся до міністерки фінансів Марії Коваль, прем'єра Олега "
            "Бондаря та мера Львова із проханням допомогти родині виїхати з країни.")
    qs = quotes_of(text, "uk", "Іван Петренко", "Марії Коваль", "Олега Бондаря", "Львова:LOC")
    assert speaker_of(qs, "допомогти родині виїхати з країни") == "Іван Петренко"
    text = "Jonas Petraitis kreipėsi į merą Praną Kairį su prašymu padėti šeimai išvykti."
    qs = quotes_of(text, "lt", "Jonas Petraitis", "Praną Kairį")
    assert speaker_of(qs, "padėti šeimai išvykti") == "Jonas Petraitis"


def test_thanks_with_a_clause_and_urging_in_all_persons() -> None:
    text = ("Міністри зустрілися в Анкарі. Чавушоглу подякував Дендіасу за те, що Греція першою надала "
            "допомогу.")
    qs = quotes_of(text, "uk", "Чавушоглу", "Дендіасу", "Греція:LOC", "Анкарі:LOC")
    assert speaker_of(qs, "Греція першою надала допомогу") == "Чавушоглу"
    qs = quotes_of("Активісти закликають владу скасувати новий закон про мови.", "uk")
    assert speaker_of(qs, "владу скасувати новий закон") == "Активісти"


def test_title_split_by_the_recogniser_is_one_role() -> None:
    text = "Глава МИД Германии заявил, что Берлин не будет поставлять оружие."
    qs = quotes_of(text, "ru", "МИД Германии:ORG", "Берлин:LOC")
    assert speaker_of(qs, "Берлин не будет") == "Глава МИД Германии"


def test_as_phrase_with_the_subject_only_in_the_verb_ending() -> None:
    text = ("Ministr Jan Novák včera navštívil Brno. Jak uvedl, cílem sdružení není omezit přístup na trh "
            "ostatním konkurentům.")
    qs = quotes_of(text, "cs", "Jan Novák", "Brno:LOC")
    assert speaker_of(qs, "cílem sdružení není omezit") == "Jan Novák"
    # an impersonal form names nobody: no quote
    qs = quotes_of("Як повідомлялося, у місті сталася пожежа на складі.", "uk")
    assert not qs


def test_statement_interrupted_by_its_attribution_goes_on_after_it() -> None:
    text = ("Ця тенденція, стверджує економіст Олександр Шевчук, декан факультету, збережеться і "
            "наступного року.")
    qs = quotes_of(text, "uk", "Олександр Шевчук")
    assert speaker_of(qs, "збережеться і наступного року") == "Олександр Шевчук"
    assert speaker_of(qs, "Ця тенденція") == "Олександр Шевчук"
    # a gerund clause after the attribution is no content
    text = "Україна - це Європа, і майбутнє - в Союзі, - сказала вона, звертаючись до делегатів."
    assert not any(q.quote.startswith("звертаючись") for q in quotes_of(text, "uk"))


def test_relative_clause_after_a_postposed_speaker() -> None:
    text = ("O mém dalším osudu zatím rozhodnuto není, řekl v cíli Luboš Lom, který doufal, že se stane "
            "druhým českým vítězem.")
    qs = quotes_of(text, "cs", "Luboš Lom")
    assert speaker_of(qs, "O mém dalším osudu") == "Luboš Lom"


def test_outlet_in_quotation_marks_after_a_prepositional_noun_is_no_subject() -> None:
    text = "Министр обороны Сергей Шойгу в интервью «МК» недавно сказал, что война будет короткой."
    qs = quotes_of(text, "ru", "Сергей Шойгу", "МК:ORG")
    assert speaker_of(qs, "война будет короткой") == "Сергей Шойгу"
