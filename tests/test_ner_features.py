"""Building blocks of the NER: tokens, gazetteer stems, word classes from names.toml, document features."""

from __future__ import annotations

from babelwire.extract.ner.features import featurizer_for, shape
from babelwire.extract.ner.gazetteer import Gazetteer, fold
from babelwire.extract.ner.tagger import _repeated_names
from babelwire.extract.ner.tokens import sequences, tokenize


def test_tokens_split_hyphens_and_stops() -> None:
    text = "V.Putino ir Нью-Йорку п'ятницю"
    words = [text[s:e] for s, e in tokenize(text)]
    assert words == ["V", ".", "Putino", "ir", "Нью", "-", "Йорку", "п'ятницю"]


def test_gazetteer_matches_inflected_forms_on_stems() -> None:
    gaz = Gazetteer({"LOC": ["Venesuela", "Maskva", "Jungtinės Valstijos"], "ORG": ["NATO"]})
    assert gaz.features("Venesuelos") == ["g~LOC"]
    assert gaz.features("Maskvoje") == ["g~LOC"]
    assert gaz.features("Venesuela") == ["g=LOC"]
    assert gaz.features("Jungtines") == ["gp=LOC"]  # diacritics folded
    assert gaz.features("NATO") == ["g=ORG"]
    assert gaz.features("Vilniuje") == []


def test_fold_and_shape() -> None:
    assert fold("Šiaulių") == "siauliu"
    assert shape("Путін") == "Xx" and shape("NATO") == "X" and shape("G7") == "Xd"


def test_word_classes_come_from_language_data() -> None:
    lt = featurizer_for("lt")
    assert "k=person_titles" in lt.word("prezidento")[0]  # stem entry "prezident*"
    assert "k=org_words" in lt.word("partija")[0]
    assert "psuf" in lt.word("Butkevičius")[0]
    uk = featurizer_for("uk")
    assert "m=Surn" in uk.word("Пєскова")[0]  # pymorphy3 name tag
    assert "k=person_titles" in uk.word("президента")[0]


def test_document_features_carry_person_evidence_across_the_text() -> None:
    uk = featurizer_for("uk")
    seqs = [["Ніколас", "Мадуро", "прибуде"], ["Візит", "до", "Мадуро", "."]]
    feats = uk.document(seqs)
    assert "dPER" in feats[1][2]  # "Мадуро" follows a first name elsewhere in the document
    assert "dPER" not in feats[1][0]


def test_ukrainian_and_russian_spellings_share_a_folded_form() -> None:
    uk, ru = featurizer_for("uk"), featurizer_for("ru")
    for uk_word, ru_word in (("Росії", "России"), ("Путін", "Путин"), ("Пєсков", "Песков")):
        uk_n = [f for f in uk.word(uk_word)[0] if f.startswith("n=")]
        assert uk_n and uk_n == [f for f in ru.word(ru_word)[0] if f.startswith("n=")]
    assert not any(f.startswith("n=") for f in featurizer_for("pl").word("Putin")[0])  # no letter_fold


def test_script_feature_marks_latin_names_in_cyrillic_text() -> None:
    uk = featurizer_for("uk")
    assert "scr=LATIN" in uk.word("Ryanair")[0]
    assert "scr=CYRILLIC" in uk.word("Газпром")[0]


def test_a_name_tagged_twice_is_found_again_in_the_document() -> None:
    text = "Компанія Ryanair заявила.\nПілоти Ryanair страйкують.\nКерівник Ryanairу сказав.\nНовий Фонд тут."
    seqs = list(sequences(text, tokenize(text)))
    words = [[text[s:e] for s, e in seq] for seq in seqs]
    spans = [(seqs[i], words[i], 1, 2, "ORG") for i in (0, 1, 3)]
    found = _repeated_names(seqs, words, spans)
    assert [(w[a], typ) for _s, w, a, _b, typ in found] == [("Ryanairу", "ORG")]  # "Фонд": tagged only once
