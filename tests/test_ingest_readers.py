"""Reading inputs: good articles are read, every bad input gets a clear message naming file (and line)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from babelwire.ingest import readers
from babelwire.ingest.readers import InputProblem, read_sources
from babelwire.model import Article

UK = "Диктатор Ніколас Мадуро відвідає Росію найближчим часом, заявив Кремль у п'ятницю."
LT = "N. Maduro sakė V. Putinui esąs tikras, kad jų derybos atneš gerų naujienų."
HTML = (f"<html><head><title>Мадуро</title></head><body><nav><a href='/'>Головна</a></nav>"
        f"<article><p>{UK}</p><p>Візит Мадуро запланований до початку жовтня, повідомляє агентство "
        f"Інтерфакс, і це буде його перший виїзд за кілька місяців.</p></article></body></html>")


def read(*paths: object, stdin: bytes | None = None) -> tuple[list[Article], list[InputProblem]]:
    stream = io.BytesIO(stdin) if stdin is not None else None
    items = list(read_sources([str(p) for p in paths], stdin=stream))
    return ([i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputProblem)])


def one_problem(problems: list[InputProblem], name: str) -> InputProblem:
    mine = [p for p in problems if p.source.endswith(name)]
    assert len(mine) == 1, problems
    return mine[0]


def test_good_files_of_each_kind(tmp_path: Path):
    (tmp_path / "a.txt").write_text(UK, encoding="utf-8")
    (tmp_path / "b.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": 7, "text": LT, "date": "2019-09-25",
                                                  "title": "T", "url": "https://x"}) + "\n", encoding="utf-8")
    articles, problems = read(tmp_path / "a.txt", tmp_path / "b.html", tmp_path / "c.jsonl")
    assert not problems
    assert [a.id for a in articles] == ["a", "b", "7"]
    assert articles[0].text == UK
    assert UK in articles[1].text and "Головна" not in articles[1].text and articles[1].title == "Мадуро"
    assert articles[2].published == "2019-09-25" and articles[2].url == "https://x"
    assert articles[2].source.endswith("c.jsonl:1")


def test_bad_inputs_each_get_a_message_and_good_ones_are_still_read(tmp_path: Path):
    (tmp_path / "good.txt").write_text(UK, encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "empty.jsonl").write_bytes(b"\n  \n")
    (tmp_path / "blank.html").write_text("  \n ", encoding="utf-8")
    (tmp_path / "broken.html").write_text("<html><head><script>var a = '<p>';</script></head></html>")
    (tmp_path / "lines.jsonl").write_bytes(
        (json.dumps({"id": "one", "text": UK}, ensure_ascii=False) + "\n"
         + '{"id": "two", "text": "unterminated\n'
         + json.dumps({"id": "three"}) + "\n"
         + json.dumps({"text": LT}, ensure_ascii=False) + "\n"
         + '["not", "an", "object"]\n'
         + json.dumps({"id": "six", "text": LT, "date": "next Tuesday"}, ensure_ascii=False) + "\n").encode())
    (tmp_path / "cp1251.jsonl").write_bytes(
        (json.dumps({"id": "w", "text": UK}, ensure_ascii=False) + "\n").encode("cp1251"))
    articles, problems = read(tmp_path / "good.txt", tmp_path / "image.png", tmp_path / "picture.txt",
                              tmp_path / "empty.txt", tmp_path / "empty.jsonl", tmp_path / "blank.html",
                              tmp_path / "broken.html",
                              tmp_path / "lines.jsonl", tmp_path / "cp1251.jsonl", tmp_path / "missing.txt")
    assert [a.id for a in articles] == ["good", "one", "six"]
    assert "binary file (PNG image)" in one_problem(problems, "image.png").message
    assert "binary file" in one_problem(problems, "picture.txt").message
    assert "empty file" in one_problem(problems, "empty.txt").message
    assert "empty file" in one_problem(problems, "empty.jsonl").message
    assert "empty" in one_problem(problems, "blank.html").message
    assert "no article text found in the HTML" in one_problem(problems, "broken.html").message
    assert "no such file or directory" in one_problem(problems, "missing.txt").message
    wrong = one_problem(problems, "cp1251.jsonl")
    assert wrong.line == 1 and "not UTF-8" in wrong.message and "cp1251" in wrong.message
    lines = {p.line: p for p in problems if p.source.endswith("lines.jsonl")}
    assert "broken JSON" in lines[2].message
    assert '"text" is missing (article three)' in lines[3].message
    assert 'missing "id"' in lines[4].message
    assert "JSON object" in lines[5].message
    assert not lines[6].fatal and "next Tuesday" in lines[6].message
    assert str(lines[2]).startswith(f"{tmp_path / 'lines.jsonl'}:2: broken JSON")


def test_legacy_encoded_text_file_is_decoded(tmp_path: Path):
    (tmp_path / "koi.txt").write_bytes(UK.encode("koi8-u"))
    (tmp_path / "page.html").write_bytes(HTML.replace("<head>", "<head><meta charset='windows-1251'>")
                                         .encode("cp1251"))
    articles, problems = read(tmp_path / "koi.txt", tmp_path / "page.html")
    assert not problems
    assert articles[0].text == UK and UK in articles[1].text


def test_huge_files_are_refused_without_reading_them(tmp_path: Path, monkeypatch):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:  # sparse: 100 MB on paper, nothing on disk
        fh.truncate(100 * 2**20)
    jsonl = tmp_path / "huge.jsonl"
    with jsonl.open("wb") as fh:
        fh.write((json.dumps({"id": "before", "text": UK}, ensure_ascii=False) + "\n").encode())
        fh.seek(100 * 2**20, os.SEEK_CUR)  # a 100 MB line of NULs
        fh.write(("\n" + json.dumps({"id": "after", "text": LT}, ensure_ascii=False) + "\n").encode())
    reads: list[int] = []
    real_open = Path.open

    def counting_open(self, *args, **kwargs):
        fh = real_open(self, *args, **kwargs)
        real_read = fh.read
        fh.read = lambda n=-1: reads.append(n) or real_read(n)  # type: ignore[method-assign]
        return fh

    monkeypatch.setattr(Path, "open", counting_open)
    articles, problems = read(huge, jsonl)
    assert [a.id for a in articles] == ["before", "after"]
    assert "100 MB" in one_problem(problems, "huge.txt").message
    big_line = one_problem(problems, "huge.jsonl")
    assert big_line.line == 2 and "over the 10 MB limit" in big_line.message
    assert all(0 < n <= readers._CHUNK for n in reads)  # never a whole-file read


def test_directories(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "news" / "sub").mkdir(parents=True)
    (tmp_path / "news" / "sub" / "b.txt").write_text(LT, encoding="utf-8")
    (tmp_path / "news" / "a.txt").write_text(UK, encoding="utf-8")
    (tmp_path / "news" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "news" / ".hidden.txt").write_text("x", encoding="utf-8")
    articles, problems = read(tmp_path / "news", tmp_path / "empty")
    assert [a.id for a in articles] == ["a", "b"]
    assert "directory holds no .txt, .html or .jsonl files" in one_problem(problems, "empty").message


@pytest.mark.parametrize(("data", "ids"), [
    (UK.encode("utf-8"), ["stdin"]),
    (UK.encode("cp1251"), ["stdin"]),
    (HTML.encode("utf-8"), ["stdin"]),
    ((json.dumps({"id": "x", "text": UK}) + "\n{bad\n" + json.dumps({"id": "y", "text": LT})).encode(),
     ["x", "y"]),
])
def test_stdin_text_html_and_jsonl(data: bytes, ids: list[str]):
    articles, problems = read("-", stdin=data)
    assert [a.id for a in articles] == ids
    assert UK in articles[0].text
    if len(ids) == 2:
        assert [(p.source, p.line) for p in problems] == [("<stdin>", 2)]


def test_empty_stdin():
    articles, problems = read("-", stdin=b"")
    assert not articles and "empty" in problems[0].message and problems[0].source == "<stdin>"


@pytest.mark.slow  # starts the whole pipeline in a subprocess
def test_cli_exit_code_and_messages(tmp_path: Path):
    (tmp_path / "good.txt").write_text(UK, encoding="utf-8")
    (tmp_path / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    cli = Path(sys.executable).with_name("babelwire")
    if not cli.exists():
        pytest.skip("the babelwire command is not installed next to this Python")
    run = subprocess.run([str(cli), "analyze", str(tmp_path / "good.txt"), str(tmp_path / "bad.png")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert [json.loads(line)["id"] for line in run.stdout.splitlines()] == ["good"]
    assert f"{tmp_path / 'bad.png'}: binary file (PNG image)" in " ".join(run.stderr.split())


def test_files_with_the_same_name_get_distinct_ids(tmp_path: Path) -> None:
    texts = {"a": "Pirmas straipsnis apie Vilnių ir Kauną.", "b": "Antras straipsnis apie Klaipėdą."}
    for folder, text in texts.items():
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(text, encoding="utf-8")
    ids = [a.id for a in read_sources([str(tmp_path)])]
    assert ids[0] == "x" and ids[1] == str(tmp_path / "b" / "x") and len(set(ids)) == 2
