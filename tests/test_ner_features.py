"""Building blocks of the NER: tokens, gazetteer stems, word classes from names.toml, document features."""

from __future__ import annotations

from babelwire.extract.ner.features import featurizer_for, shape
from babelwire.extract.ner.gazetteer import Gazetteer, fold
from babelwire.extract.ner.tokens import tokenize


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
