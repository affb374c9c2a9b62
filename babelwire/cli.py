"""The ``babelwire`` command."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from babelwire import render
from babelwire.corpus import Corpus, find_entities
from babelwire.ingest import InputProblem, read_sources
from babelwire.pipeline import Pipeline, analyze_many
from babelwire.store import Store, open_store
from babelwire.store.sqlite import StoreError

app = typer.Typer(
    help="babelwire: multilingual news intelligence, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 150)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[str, typer.Option("--db", envvar="BABELWIRE_DB", help="Store: a SQLite file path.")]
DEFAULT_DB = "babelwire.db"
NerOption = Annotated[
    str | None,
    typer.Option(
        "--ner",
        envvar="BABELWIRE_NER",
        help="Entity recogniser: crf (the shipped models, default), spacy:PIPELINE (directory or package), "
        "hf:DIRECTORY (a token-classification model), or per language, e.g. uk=hf:DIR,en=spacy:NAME.",
    ),
]
SAMPLE = Path(__file__).parent / "sample" / "corpus.jsonl"


@app.callback()
def main() -> None:
    """babelwire: multilingual news intelligence, offline."""


def _report(problem: InputProblem) -> None:
    level = "error" if problem.fatal else "warning"
    err.print(f"babelwire: {level}: {escape(str(problem))}")


def _use_ner(spec: str | None) -> None:
    """Load the recognisers ``spec`` names (workers inherit the choice), or stop with the problem."""
    from babelwire.extract.backends import NerConfigError, use_spec

    if spec is None:
        return
    try:
        use_spec(spec)
    except NerConfigError as exc:
        err.print(f"babelwire: error: {escape(str(exc))}")
        raise typer.Exit(2) from None


def _open(db: str, must_exist: bool = True) -> Store:
    if must_exist and not Path(db).exists():
        err.print(f"babelwire: error: {escape(db)}: no such store (run `babelwire ingest` first)")
        raise typer.Exit(2)
    try:
        return open_store(db)
    except StoreError as exc:
        err.print(f"babelwire: error: {escape(str(exc))}")
        raise typer.Exit(2) from exc


@app.command()
def analyze(
    inputs: Annotated[
        list[str], typer.Argument(help="Files (.txt, .html, .jsonl), directories, or - for stdin.")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write JSONL here (default stdout).")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(help="Processes for per-article analysis (default: all cores for large inputs)."),
    ] = None,
    ner: NerOption = None,
) -> None:
    """Analyse articles and write one JSON object per article (the analysis contract).

    Entity ids and stories are resolved over the whole input set: analyses are linked and clustered
    together at the end, so an early "Мадуро" carries the id that a later "Nicolás Maduro" settles.
    """
    _use_ner(ner)
    failed = False
    articles = []
    for item in read_sources(inputs):
        if isinstance(item, InputProblem):
            _report(item)
            failed = failed or item.fatal
        else:
            articles.append(item)
    analysed = []
    for article, result in zip(articles, analyze_many(articles, workers), strict=True):
        if isinstance(result, str):
            _report(InputProblem(article.source or article.id, result))
            failed = True
        else:
            analysed.append(result)
    pipeline = Pipeline()
    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for analysis in pipeline.process_batch(analysed):
            sink.write(json.dumps(render.contract(analysis), ensure_ascii=False) + "\n")
    finally:
        if output:
            sink.close()
    raise typer.Exit(1 if failed else 0)


def _ingest(paths: list[str], store: Store, quiet: bool = False) -> bool:
    """Ingest ``paths`` into ``store`` with a progress bar; True when something failed."""
    from tqdm import tqdm

    corpus = Corpus(store)
    started = time.perf_counter()
    try:
        with tqdm(desc="ingest", unit=" articles", disable=True if quiet else None, file=sys.stderr) as bar:
            report = corpus.ingest(read_sources(paths), on_item=lambda _item: bar.update(1))
    finally:
        corpus.close()  # the clusterer's index snapshot (see Corpus.close)
    for problem in report.problems:
        _report(problem)
    if not quiet:
        err.print(
            f"stored {len(report.stored)} new articles, skipped {len(report.duplicates)} already stored, "
            f"{sum(p.fatal for p in report.problems)} problems, in {time.perf_counter() - started:.1f} s "
            f"({store.count()} articles in the store)"
        )
    return report.failed


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or - (stdin) to add to the store.")],
    db: DbOption = DEFAULT_DB,
    ner: NerOption = None,
) -> None:
    """Analyse articles and add them to the store (idempotent: stored content is skipped)."""
    _use_ner(ner)
    store = _open(db, must_exist=False)
    try:
        failed = _ingest(paths, store)
    finally:
        store.close()
    raise typer.Exit(1 if failed else 0)


@app.command()
def search(
    query: Annotated[
        str | None, typer.Argument(help='Words to find (diacritics folded); "a phrase"; prefix*.')
    ] = None,
    lang: Annotated[str | None, typer.Option(help="Only articles in this language (ISO code).")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    entity: Annotated[
        str | None, typer.Option(help="Only articles mentioning this entity (any language).")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many results.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Full-text search over stored articles."""
    for value, name in ((since, "--since"), (until, "--until")):
        if value is not None and not render.is_iso_date(value):
            err.print(f"babelwire: error: {name} {escape(value)!s}: expected YYYY-MM-DD")
            raise typer.Exit(2)
    store = _open(db)
    entity_ids = None
    if entity:
        entity_ids = [e.id for e in find_entities(store, entity)]
        if not entity_ids:
            err.print(f"babelwire: no entity matches {escape(entity)!s}")
    hits = store.search(query, lang=lang, since=since, until=until, entity_ids=entity_ids, limit=limit)
    if as_json:
        for h in hits:
            out.print_json(
                json.dumps(h.__dict__ | {"snippet": render.plain_snippet(h.snippet)}, ensure_ascii=False)
            )
        return
    out.print(render.hits_table(hits))


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="The article's id.")],
    as_json: Annotated[bool, typer.Option("--json", help="The full analysis as JSON.")] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """One stored article with its analysis."""
    store = _open(db)
    analysis = store.get(article_id)
    if analysis is None:
        err.print(f"babelwire: error: no article {escape(article_id)!s} in {escape(db)}")
        raise typer.Exit(1)
    if as_json:
        sys.stdout.write(json.dumps(render.contract(analysis), ensure_ascii=False, indent=1) + "\n")
        return
    render.print_article(out, analysis)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output file (default stdout; required for parquet)."),
    ] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export every stored article's analysis."""
    if fmt not in ("jsonl", "csv", "parquet"):
        err.print(f"babelwire: error: --format {escape(fmt)}: choose jsonl, csv or parquet")
        raise typer.Exit(2)
    if fmt == "parquet" and output is None:
        err.print("babelwire: error: --format parquet needs --output FILE")
        raise typer.Exit(2)
    store = _open(db)
    n = render.export(store.analyses(), fmt, output)
    err.print(f"exported {n} articles")


@app.command()
def entities(
    type_: Annotated[str | None, typer.Option("--type", help="PER, ORG, LOC, EVT, PRO or MISC.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 30,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Linked entities with their mention counts per language."""
    store = _open(db)
    table = Table("entity", "type", "mentions", "per language", "aliases", title="Entities")
    for e in store.entities(type_=type_, limit=limit):
        per_lang = store.entity_language_counts(e.id)
        table.add_row(
            escape(e.canonical),
            e.type,
            str(e.mention_count),
            " ".join(f"{k}:{v}" for k, v in per_lang.items()),
            escape(", ".join(sorted(a for a in e.aliases if a != e.canonical)[:6])),
        )
    out.print(table)


@app.command()
def entity(
    name: Annotated[str, typer.Argument(help="A name in any language or script (Putin, Путін, Putinas).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """One entity: its aliases, languages, roles, quotes and articles."""
    store = _open(db)
    found = find_entities(store, name)
    if not found:
        err.print(f"babelwire: no entity matches {escape(name)}")
        raise typer.Exit(1)
    render.print_entity(out, store, found[0], others=found[1:6])


@app.command()
def quotes(
    entity_name: Annotated[str | None, typer.Option("--entity", help="Only quotes of this speaker.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Quotations with their speakers, across languages."""
    store = _open(db)
    speaker_ids = None
    if entity_name:
        speaker_ids = {e.id for e in find_entities(store, entity_name)}
        if not speaker_ids:
            err.print(f"babelwire: no entity matches {escape(entity_name)}")
            raise typer.Exit(1)
    render.print_quotes(out, store, speaker_ids, limit)


@app.command()
def stories(
    storylines: Annotated[
        bool, typer.Option("--storylines", help="List storylines instead of stories.")
    ] = False,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 20,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Stories (articles about one event) or storylines, largest first."""
    store = _open(db)
    render.print_stories(out, store, limit, storylines=storylines)


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(help="A story or storyline id.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """One story (or storyline): its articles by language, quotes and a timeline."""
    store = _open(db)
    if not render.print_story(out, store, story_id):
        err.print(f"babelwire: error: no story or storyline {escape(story_id)}")
        raise typer.Exit(1)


@app.command()
def similarity(
    pairs: Annotated[Path, typer.Argument(help='JSONL of {"id1", "id2"} pairs.')],
    articles: Annotated[Path, typer.Option("--articles", help="JSONL of the articles the pairs name.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write JSONL here (default stdout).")
    ] = None,
) -> None:
    """Score article pairs: one {"id1", "id2", "score"} per line, higher meaning more similar."""
    from babelwire.stories.similarity import score_pairs

    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for row in score_pairs(pairs, articles):
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if output:
            sink.close()


@app.command()
def explain(
    id1: Annotated[str, typer.Argument(help="One article id.")],
    id2: Annotated[str, typer.Argument(help="Another article id.")],
    as_json: Annotated[bool, typer.Option("--json", help="The explanation as JSON.")] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Why two stored articles are (or are not) one story: shared entities, quotes, dates, terms, weights."""
    from babelwire.stories.explain import explain as explain_pair

    store = _open(db)
    a, b = store.get(id1), store.get(id2)
    for found, wanted in ((a, id1), (b, id2)):
        if found is None:
            err.print(f"babelwire: error: no article {escape(wanted)} in {escape(db)}")
            raise typer.Exit(1)
    why = explain_pair(a, b)
    if as_json:
        sys.stdout.write(json.dumps(why, ensure_ascii=False, indent=1) + "\n")
        return
    render.print_explanation(out, why, id1, id2)


@app.command()
def summary(db: DbOption = DEFAULT_DB) -> None:
    """A readable overview of the store: languages, top entities, quotes, stories."""
    store = _open(db)
    render.print_summary(out, store)


@app.command()
def demo(
    db: DbOption = "babelwire-demo.db",
    seeds: Annotated[Path | None, typer.Option(help="Also ingest the seed articles in this folder.")] = None,
) -> None:
    """Analyse and store the bundled sample corpus, then print a summary."""
    started = time.perf_counter()
    paths = [str(SAMPLE)]
    if seeds is not None and seeds.is_dir():
        paths.append(str(seeds))
    store = _open(db, must_exist=False)
    try:
        failed = _ingest(paths, store)
        render.print_summary(out, store)
    finally:
        store.close()
    counts = Counter(a.lang for a in open_store(db).articles())
    err.print(
        f"demo: {sum(counts.values())} articles in {db}, wall time {time.perf_counter() - started:.1f} s. "
        f"Try: babelwire search Maduro --db {db}"
    )
    raise typer.Exit(1 if failed else 0)
