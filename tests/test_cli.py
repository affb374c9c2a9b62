"""The `babelwire` command end to end, on files the tests write and on the seeds."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from babelwire.cli import app

runner = CliRunner()

ROWS = [
    {
        "id": "a1",
        "date": "2019-09-27",
        "title": "Maduro in Moscow",
        "text": "Venezuelan President Nicolás Maduro met Vladimir Putin in Moscow, the Kremlin said Friday."
    },
    {
        "id": "a2",
        "date": "2019-09-28",
        "title": "Визит в Москву",
        "text": "Президент Венесуэлы Николас Мадуро встретился с Владимиром Путиным в Москве, сообщил Кремль."
    },
]


def _jsonl(tmp_path: Path, rows: list[dict], name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_analyze_writes_the_contract_in_input_order(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", str(_jsonl(tmp_path, ROWS)), "--output", str(out)])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in docs] == ["a1", "a2"]
    assert [d["lang"] for d in docs] == ["en", "ru"]
    for d, row in zip(docs, ROWS, strict=True):
        assert d["text"] == row["text"]
        for key in ("furniture", "entities", "quotes", "dates", "story_id", "storyline_id"):
            assert key in d
        for e in d["entities"]:
            assert d["text"][e["start"] : e["end"]] == e["text"]
            assert e["type"] in ("PER", "ORG", "LOC", "EVT", "PRO", "MISC") and e["lemma"] and e["entity_id"]
        for t in d["dates"]:
            assert d["text"][t["start"] : t["end"]] == t["text"]
        for q in d["quotes"]:
            assert 0 <= q["start"] < q["end"] <= len(d["text"])


def test_analyze_seeds(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "seeds.jsonl"
    result = runner.invoke(app, ["analyze", *sorted(map(str, seeds_dir.glob("*.txt"))), "-o", str(out)])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["lang"] for d in docs] == ["uk", "lt"]
    assert docs[0]["id"] == "000_92ca2dcb50815d7c"
    lt = docs[1]
    furniture_text = " ".join(lt["text"][s:e] for s, e in lt["furniture"])
    assert "Susiję straipsniai" in furniture_text


def test_analyze_reports_bad_lines_and_keeps_going(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps(ROWS[0]) + "\n{not json\n" + json.dumps(ROWS[1], ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert "mixed.jsonl:2" in result.stderr and "broken JSON" in result.stderr
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == ["a1", "a2"]


def test_ingest_search_show_export(tmp_path: Path) -> None:
    db = str(tmp_path / "bw.db")
    src = _jsonl(tmp_path, ROWS)
    assert runner.invoke(app, ["ingest", str(src), "--db", db]).exit_code == 0
    again = runner.invoke(app, ["ingest", str(src), "--db", db])
    assert again.exit_code == 0 and "skipped 2 already stored" in again.stderr

    hits = runner.invoke(app, ["search", "Moscow", "--db", db, "--json"])
    assert hits.exit_code == 0 and '"a1"' in hits.stdout and '"a2"' not in hits.stdout
    hits = runner.invoke(app, ["search", "--lang", "ru", "--db", db, "--json"])
    assert '"a2"' in hits.stdout and '"a1"' not in hits.stdout
    bad_date = runner.invoke(app, ["search", "x", "--since", "yesterday", "--db", db])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.stderr

    shown = runner.invoke(app, ["show", "a2", "--db", db, "--json"])
    assert json.loads(shown.stdout)["lang"] == "ru"
    assert runner.invoke(app, ["show", "nope", "--db", db]).exit_code == 1
    assert "Maduro" in runner.invoke(app, ["show", "a1", "--db", db]).stdout

    out = tmp_path / "x.jsonl"
    assert runner.invoke(app, ["export", "--format", "jsonl", "-o", str(out), "--db", db]).exit_code == 0
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["a1", "a2"]
    out_csv = tmp_path / "x.csv"
    assert runner.invoke(app, ["export", "--format", "csv", "-o", str(out_csv), "--db", db]).exit_code == 0
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == ["a1", "a2"] and rows[1]["lang"] == "ru"
    out_pq = tmp_path / "x.parquet"
    assert runner.invoke(app, ["export", "--format", "parquet", "-o", str(out_pq), "--db", db]).exit_code == 0
    table = pq.read_table(out_pq)
    assert table.column("id").to_pylist() == ["a1", "a2"]
    assert runner.invoke(app, ["export", "--format", "xml", "--db", db]).exit_code == 2


def test_commands_on_a_missing_store_say_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["search", "x", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "none.db" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_markup_in_articles_is_escaped(tmp_path: Path) -> None:
    db = str(tmp_path / "bw.db")
    evil = {
        "id": "[red]x[/red]",
        "title": "[bold]Title[/bold]",
        "text": "Prime Minister [blink]Anna Nowak[/blink] said the budget will grow next year in Warsaw.",
    }
    assert runner.invoke(app, ["ingest", str(_jsonl(tmp_path, [evil])), "--db", db]).exit_code == 0
    shown = runner.invoke(app, ["show", "[red]x[/red]", "--db", db])
    assert "[blink]Anna Nowak[/blink]" in shown.stdout and "[bold]Title[/bold]" in shown.stdout


@pytest.mark.parametrize(
    "cmd", [["entities"], ["stories"], ["stories", "--storylines"], ["summary"], ["quotes"]]
)
def test_listings_run_on_a_store(tmp_path: Path, cmd: list[str]) -> None:
    db = str(tmp_path / "bw.db")
    assert runner.invoke(app, ["ingest", str(_jsonl(tmp_path, ROWS)), "--db", db]).exit_code == 0
    result = runner.invoke(app, [*cmd, "--db", db])
    assert result.exit_code == 0, result.output


def test_explain_and_similarity(tmp_path: Path) -> None:
    db = str(tmp_path / "bw.db")
    articles = _jsonl(tmp_path, ROWS)
    assert runner.invoke(app, ["ingest", str(articles), "--db", db]).exit_code == 0
    why = runner.invoke(app, ["explain", "a1", "a2", "--db", db, "--json"])
    assert why.exit_code == 0, why.output
    data = json.loads(why.stdout)
    assert 0.0 <= data["score"] <= 1.0 and data["languages"] == ["en", "ru"]
    assert runner.invoke(app, ["explain", "a1", "nope", "--db", db]).exit_code == 1

    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"id1": "a1", "id2": "a2"}\n{"id1": "a1", "id2": "a1"}\n', encoding="utf-8")
    result = runner.invoke(app, ["similarity", str(pairs), "--articles", str(articles)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(r["id1"], r["id2"]) for r in rows] == [("a1", "a2"), ("a1", "a1")]
    assert rows[1]["score"] >= rows[0]["score"] > 0.0
