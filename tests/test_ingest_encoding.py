"""Decoding bytes of undeclared encoding: each text is encoded by the test itself."""

from __future__ import annotations

import pytest

from babelwire.ingest.encoding import UndecodableError, decode_bytes, detect_decoding, looks_binary

UK = "Диктатор Ніколас Мадуро відвідає Росію найближчим часом, заявив Кремль у п'ятницю. Їжак, ґанок, є."
UK_SHORT = "Їжак і ґанок: є що їсти."
RU = "Пресс-секретарь президента России Дмитрий Песков заявил журналистам, что визит готовится."
RU_SHORT = "Привет, мир!"
LT = "Per susitikimą šalia Maskvos V. Putinas sakė N. Maduro, kad „mes palaikome jūsų pastangas“. Ačiū."
DE = "Die Bundesregierung äußerte sich über die Gespräche in München; die Größe zählt, sagte er."
PL = "Zażółć gęślą jaźń. Prezydent Polski powiedział, że rząd się myli."
ES = "El presidente español afirmó que la situación económica mejorará mañana, según él."


@pytest.mark.parametrize(("text", "encoding"), [
    (UK, "cp1251"), (UK, "koi8-u"), (UK_SHORT, "cp1251"), (UK_SHORT, "koi8-u"),
    (RU, "koi8-r"), (RU, "cp1251"), (RU_SHORT, "koi8-r"), (RU_SHORT, "cp1251"), (RU, "cp866"),
    (LT, "cp1257"), (LT.replace("„", '"').replace("“", '"'), "iso-8859-13"),
    (DE, "latin-1"), (DE, "cp1252"), (PL, "cp1250"), (PL, "iso-8859-2"), (ES, "latin-1"),
])
def test_legacy_code_pages_decode_to_the_original_text(text, encoding):
    assert decode_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_unicode_encodings_with_and_without_bom(encoding):
    text = UK + "\n" + LT
    decoded = detect_decoding(text.encode(encoding))
    assert decoded.text == text


def test_utf8_wins_when_valid():
    assert detect_decoding(UK.encode("utf-8")).encoding == "utf-8"


def test_binary_data_is_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert looks_binary(png)
    with pytest.raises(UndecodableError):
        decode_bytes(png)
    assert not looks_binary(UK.encode("utf-16-le"))  # NULs of UTF-16 are not binary
