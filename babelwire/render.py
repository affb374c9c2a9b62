"""Presenting analyses: the JSON contract, exports, and terminal views.

Article text is untrusted: everything printed through rich goes through ``escape`` so that
markup in an article cannot style or hide output.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from babelwire.model import Analysis, Entity
from babelwire.store import SearchHit, Store

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CONTRACT_KEYS = ("id", "lang", "text", "furniture", "entities", "quotes", "dates", "story_id", "storyline_id")


def is_iso_date(value: str) -> bool:
    return bool(_ISO_DATE.match(value))


def contract(analysis: Analysis) -> dict[str, Any]:
    """The analysis contract of DESIGN.md (plus title, published, roles and paragraph languages)."""
    d = analysis.to_dict()
    out = {k: d[k] for k in CONTRACT_KEYS}
    out.update(
        title=d["title"],
        published=d["published"],
        url=d["url"],
        roles=d["roles"],
        paragraph_langs=d["paragraph_langs"],
    )
    return out


def plain_snippet(snippet: str) -> str:
    return snippet.replace("\x02", "").replace("\x03", "")


def _rich_snippet(snippet: str) -> str:
    """FTS5 snippet markers (\\x02 … \\x03) as bold, everything else escaped."""
    parts = re.split(r"(\x02[^\x03]*\x03)", snippet.replace("\n", " "))
    return "".join(f"[bold]{escape(p[1:-1])}[/bold]" if p.startswith("\x02") else escape(p) for p in parts)


def hits_table(hits: list[SearchHit]) -> Table:
    table = Table("id", "lang", "published", "title / snippet", title=f"{len(hits)} results")
    for h in hits:
        title = f"[bold]{escape(h.title)}[/bold]\n" if h.title else ""
        table.add_row(escape(h.id), h.lang, h.published or "", title + _rich_snippet(h.snippet))
    return table


def _flat_row(a: Analysis) -> dict[str, Any]:
    people = Counter(m.canonical or m.lemma for m in a.entities if m.type == "PER")
    others = Counter(m.canonical or m.lemma for m in a.entities if m.type != "PER")
    return {
        "id": a.id,
        "lang": a.lang,
        "title": a.title or "",
        "published": a.published or "",
        "url": a.url or "",
        "story_id": a.story_id or "",
        "storyline_id": a.storyline_id or "",
        "n_entities": len(a.entities),
        "n_quotes": len(a.quotes),
        "n_dates": len(a.dates),
        "people": "; ".join(n for n, _ in people.most_common(10)),
        "entities": "; ".join(n for n, _ in others.most_common(10)),
        "text": a.text,
    }


def export(analyses: Iterable[Analysis], fmt: str, output: Path | None) -> int:
    """Write analyses as JSONL (the contract), CSV (one row per article) or Parquet (nested)."""
    n = 0
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = [contract(a) for a in analyses]
        pq.write_table(pa.Table.from_pylist(rows), str(output))
        return len(rows)
    sink = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        writer = None
        for a in analyses:
            if fmt == "jsonl":
                sink.write(json.dumps(contract(a), ensure_ascii=False) + "\n")
            else:
                row = _flat_row(a)
                if writer is None:
                    writer = csv.DictWriter(sink, fieldnames=list(row))
                    writer.writeheader()
                writer.writerow(row)
            n += 1
    finally:
        if output:
            sink.close()
    return n


def _marked_text(a: Analysis) -> str:
    """The article text with entity mentions highlighted and furniture dimmed (all escaped)."""
    marks: list[tuple[int, int, str]] = [(s, e, "dim strike") for s, e in a.furniture]
    colours = {
        "PER": "bold cyan",
        "ORG": "bold magenta",
        "LOC": "bold green",
        "EVT": "bold yellow",
        "PRO": "bold blue",
        "MISC": "bold",
    }
    marks += [(m.start, m.end, colours.get(m.type, "bold")) for m in a.entities]
    marks.sort()
    out, pos = [], 0
    for s, e, style in marks:
        if s < pos:
            continue
        out.append(escape(a.text[pos:s]))
        out.append(f"[{style}]{escape(a.text[s:e])}[/]")
        pos = e
    out.append(escape(a.text[pos:]))
    return "".join(out)


def print_article(console: Console, a: Analysis) -> None:
    console.rule(escape(a.title or a.id))
    console.print(
        f"id {escape(a.id)} · {a.lang} · published {a.published or '?'} · story {a.story_id} · "
        f"storyline {a.storyline_id}" + (f" · {escape(a.url)}" if a.url else "")
    )
    console.print(_marked_text(a))
    if a.entities:
        table = Table("mention", "type", "base form", "entity", title="Entities")
        for m in a.entities:
            table.add_row(escape(m.text), m.type, escape(m.lemma), escape(m.canonical or ""))
        console.print(table)
    if a.quotes:
        table = Table("speaker", "quote", "kind", title="Quotes")
        for q in a.quotes:
            table.add_row(escape(q.speaker or "?"), escape(q.quote), "direct" if q.direct else "reported")
        console.print(table)
    if a.dates:
        table = Table("expression", "type", "value", title="Dates")
        for t in a.dates:
            table.add_row(escape(t.text), t.type, t.value or "?")
        console.print(table)


def print_entity(console: Console, store: Store, e: Entity, others: list[Entity]) -> None:
    console.rule(f"{escape(e.canonical)} ({e.type})")
    counts = store.entity_language_counts(e.id)
    console.print(
        f"id {e.id}"
        + (f" · Wikidata {e.qid}" if e.qid else "")
        + f" · {e.mention_count} mentions · "
        + " ".join(f"{k}:{v}" for k, v in counts.items())
    )
    console.print("aliases: " + escape(", ".join(sorted(e.aliases))))
    roles = Counter(
        r.text
        for a in store.analyses([x.id for x in store.entity_articles(e.id)])
        for r in a.roles
        if r.entity_id == e.id
    )
    if roles:
        console.print("roles: " + escape(", ".join(f"{r} ({n})" for r, n in roles.most_common(8))))
    quotes = store.quotes(speaker_ids=[e.id], limit=10)
    for q in quotes:
        console.print(
            f"  [{q.lang}] {'“' if q.direct else '~'}{escape(q.quote[:200])}{'”' if q.direct else ''}"
        )
    table = Table("article", "lang", "published", "title", title="Articles")
    for s in store.entity_articles(e.id)[:30]:
        table.add_row(escape(s.id), s.lang, s.published or "", escape(s.title or ""))
    console.print(table)
    if others:
        console.print("other matches: " + escape(", ".join(f"{o.canonical} ({o.type})" for o in others)))


def print_quotes(console: Console, store: Store, speaker_ids: set[str] | None, limit: int) -> None:
    """Quotes, newest last; for one speaker, the same statement across articles and languages is grouped."""
    from babelwire.quotegroups import group_quotes

    rows = store.quotes(speaker_ids=sorted(speaker_ids) if speaker_ids is not None else None, limit=limit)
    groups = group_quotes(rows) if speaker_ids is not None else [[i] for i in range(len(rows))]
    table = Table(
        "#",
        "speaker",
        "lang",
        "published",
        "quote",
        "article",
        title=f"{len(rows)} quotes, {len(groups)} statements",
    )
    for n, members in enumerate(groups, 1):
        for k, i in enumerate(members):
            q = rows[i]
            table.add_row(
                str(n) if k == 0 else "",
                escape(q.speaker or "?"),
                q.lang,
                q.published or "",
                escape(q.quote if q.direct else f"(reported) {q.quote}"),
                escape(q.article_id),
            )
    console.print(table)


def _story_title(analyses: list[Analysis], fallback: str) -> str:
    from babelwire.stories.timeline import summarize

    return summarize(analyses)["title"] or fallback


def _analyses_of(store: Store, story_id: str, by_storyline: bool = False) -> list[Analysis]:
    arts = store.articles(storyline_id=story_id) if by_storyline else store.articles(story_id=story_id)
    return list(store.analyses([a.id for a in arts]))


def print_stories(console: Console, store: Store, limit: int, storylines: bool = False) -> None:
    rows = store.stories()
    if storylines:
        groups: dict[str, list] = defaultdict(list)
        for r in rows:
            groups[r.storyline_id or r.id].append(r)
        table = Table(
            "storyline", "stories", "articles", "languages", "from", "to", "title", title="Storylines"
        )
        for sl, members in sorted(groups.items(), key=lambda kv: -sum(r.size for r in kv[1]))[:limit]:
            langs = sorted({lang for r in members for lang in r.languages})
            table.add_row(
                sl,
                str(len(members)),
                str(sum(r.size for r in members)),
                " ".join(langs),
                min((r.first_published for r in members if r.first_published), default=""),
                max((r.last_published for r in members if r.last_published), default=""),
                escape(_story_title(_analyses_of(store, sl, by_storyline=True), sl)),
            )
        console.print(table)
        return
    table = Table("story", "articles", "languages", "from", "to", "top entities", "title", title="Stories")
    for r in rows[:limit]:
        top = Counter()
        analyses = _analyses_of(store, r.id)
        for a in analyses:
            top.update(m.canonical or m.lemma for m in a.entities if m.type in ("PER", "ORG", "LOC"))
        table.add_row(
            r.id,
            str(r.size),
            " ".join(r.languages),
            r.first_published or "",
            r.last_published or "",
            escape(", ".join(n for n, _ in top.most_common(4))),
            escape(_story_title(analyses, r.id)),
        )
    console.print(table)


def print_story(console: Console, store: Store, story_id: str) -> bool:
    arts = store.articles(story_id=story_id) or store.articles(storyline_id=story_id)
    if not arts:
        return False
    analyses = list(store.analyses([a.id for a in arts]))
    console.rule(escape(_story_title(analyses, story_id)))
    by_lang: dict[str, list] = defaultdict(list)
    for a in arts:
        by_lang[a.lang].append(a)
    for lang, members in sorted(by_lang.items()):
        console.print(f"[bold]{lang}[/bold]")
        for a in members:
            console.print(f"  {a.published or '?'}  {escape(a.id)}  {escape(a.title or '')}")
    quotes = store.quotes(article_ids=[a.id for a in arts], limit=30)
    if quotes:
        console.print("[bold]Quotes[/bold]")
        for q in quotes:
            console.print(f"  [{q.lang}] {escape(q.speaker or '?')}: {escape(q.quote[:160])}")
    from babelwire.stories.timeline import timeline

    events = timeline(analyses)
    if events:
        console.print("[bold]Timeline[/bold]")
        for event in events[:60]:
            if event["kind"] == "published":
                console.print(f"  {event['date']}  [dim]{event['articles']} article(s) published[/dim]")
                continue
            console.print(f"  {event['date']}  mentioned in {event['articles']} article(s)")
            for m in event["mentions"][:4]:
                console.print(f"      [{m['lang']}] {escape(m['sentence'])}")
    return True


def print_explanation(console: Console, why: dict[str, Any], id1: str, id2: str) -> None:
    """Why two articles are (or are not) one story: the score and the shared evidence with weights."""
    console.rule(f"{escape(id1)} ↔ {escape(id2)}: similarity {why['score']:.3f}")
    gap = why.get("days_apart")
    console.print(
        f"languages {' / '.join(why.get('languages', []))}"
        + (f" · {gap} days apart" if gap is not None else "")
    )
    table = Table("signal", "value", "contribution", title="Signals")
    for name, sig in sorted(why["signals"].items(), key=lambda kv: -abs(kv[1]["contribution"])):
        table.add_row(name, f"{sig['value']:.3f}", f"{sig['contribution']:+.3f}")
    console.print(table)
    shared = why["shared"]
    for kind in ("entities", "names", "dates", "numbers", "terms"):
        rows = shared.get(kind) or []
        if not rows:
            continue
        parts = []
        for r in rows:
            label = (
                r.get("name")
                or r.get("value")
                or (r["a"] if r.get("a") == r.get("b") else f"{r['a']} / {r['b']}")
            )
            parts.append(f"{label} ({r['weight']:.2f})")
        console.print(f"[bold]shared {kind}[/bold]: " + escape(", ".join(map(str, parts))))
    for q in shared.get("quotes") or []:
        console.print(
            f"[bold]both quote {escape(str(q['speaker_a']))}[/bold]: «{escape(q['quote_a'][:100])}» / "
            f"«{escape(q['quote_b'][:100])}»"
        )


def print_summary(console: Console, store: Store) -> None:
    arts = store.articles()
    langs = Counter(a.lang for a in arts)
    console.rule("babelwire summary")
    console.print(
        f"{len(arts)} articles · languages: " + ", ".join(f"{k} {v}" for k, v in langs.most_common())
    )
    table = Table("entity", "type", "mentions", "languages", title="Top entities")
    for e in store.entities(limit=15):
        table.add_row(escape(e.canonical), e.type, str(e.mention_count), " ".join(e.languages))
    console.print(table)
    quotes = store.quotes(limit=10_000)
    names = {e.id: e.canonical for e in store.entities()}
    speakers = Counter(names.get(q.speaker_entity_id or "", q.speaker) for q in quotes if q.speaker)
    console.print(
        f"{len(quotes)} quotes; top speakers: "
        + escape(", ".join(f"{s} ({n})" for s, n in speakers.most_common(8)))
    )
    print_stories(console, store, limit=10)
    print_stories(console, store, limit=10, storylines=True)
