"""The ``babelwire`` command."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from babelwire.ingest import InputProblem, read_sources
from babelwire.model import Article
from babelwire.pipeline import Pipeline

app = typer.Typer(help="babelwire: multilingual news intelligence, offline.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)


@app.callback()
def main() -> None:
    """babelwire: multilingual news intelligence, offline."""


def _report(problem: InputProblem) -> None:
    level = "error" if problem.fatal else "warning"
    typer.echo(f"babelwire: {level}: {problem}", err=True)


def _contract(analysis) -> dict:
    """The analysis contract of DESIGN.md for one article."""
    d = analysis.to_dict()
    keep = ("id", "lang", "text", "furniture", "entities", "quotes", "dates", "story_id", "storyline_id")
    out = {k: d[k] for k in keep}
    out.update(title=d["title"], published=d["published"], roles=d["roles"],
               paragraph_langs=d["paragraph_langs"])
    return out


@app.command()
def analyze(
    inputs: Annotated[list[str], typer.Argument(help="Files (.txt, .html, .jsonl), directories, or - for stdin.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write JSONL here (default stdout).")] = None,
) -> None:
    """Analyse articles and write one JSON object per article (the analysis contract)."""
    pipeline = Pipeline()
    failed = False
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for item in read_sources(inputs):
            if isinstance(item, InputProblem):
                _report(item)
                failed = failed or item.fatal
                continue
            assert isinstance(item, Article)
            try:
                analysis = pipeline.add_article(item)
            except Exception as exc:  # one bad article must not stop the run; say which and why
                _report(InputProblem(item.source or item.id, f"analysis failed: {exc!r}"))
                failed = True
                continue
            out.write(json.dumps(_contract(analysis), ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    raise typer.Exit(1 if failed else 0)
