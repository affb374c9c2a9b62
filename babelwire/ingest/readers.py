"""Readers for each source kind: text files, HTML files, JSONL, directories and stdin.

``read_sources`` yields :class:`Article` objects and, for anything it cannot read, an
:class:`InputProblem` naming the file (and line) and the problem, then goes on with the rest.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babelwire.ingest.encoding import UndecodableError, decode_bytes, looks_binary
from babelwire.ingest.html import extract_html
from babelwire.model import Article

MAX_ARTICLE_BYTES = 10 * 1024 * 1024  # one article over 10 MB is not an article
MAX_LINE_BYTES = MAX_ARTICLE_BYTES
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)


@dataclass(frozen=True)
class InputProblem:
    """Something in the input that could not be used as given."""

    source: str
    message: str
    line: int | None = None
    fatal: bool = True  # False: the article was still read (e.g. an unusable date was dropped)

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


Item = Article | InputProblem


def read_sources(paths: Iterable[str]) -> Iterator[Item]:
    """Articles from files, directories (recursively) and ``-`` (stdin), in the order given."""
    for raw in paths:
        if raw == "-":
            yield from _read_stream("<stdin>", sys.stdin.buffer.read())
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _known_suffix(p))
            if not files:
                yield InputProblem(str(path), "directory holds no .txt, .html or .jsonl files")
            for p in files:
                yield from _read_file(p)
        elif path.is_file():
            yield from _read_file(path)
        else:
            yield InputProblem(str(path), "no such file or directory")


def _known_suffix(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


def _read_file(path: Path) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path)
        return
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        yield InputProblem(str(path), f"file is {size / 2**20:.0f} MB; one article may be at most "
                           f"{MAX_ARTICLE_BYTES // 2**20} MB (put many articles in a .jsonl file)")
        return
    data = path.read_bytes()
    yield from _read_document(str(path), path.stem, data, html=suffix in HTML_SUFFIXES or None)


def _read_stream(name: str, data: bytes) -> Iterator[Item]:
    """stdin: JSONL when every non-empty line is a JSON object, HTML when it looks like HTML, else text."""
    stripped = data.lstrip()
    if stripped.startswith(b"{"):
        yield from _jsonl_lines(name, data.decode("utf-8", errors="replace").splitlines())
    else:
        yield from _read_document(name, "stdin", data, html=None)


def _read_document(source: str, doc_id: str, data: bytes, html: bool | None) -> Iterator[Item]:
    if not data.strip():
        yield InputProblem(source, "empty file: no text to analyse")
        return
    if looks_binary(data):
        yield InputProblem(source, "binary file (not text or HTML); skipped")
        return
    try:
        text = decode_bytes(data)
    except UndecodableError as exc:
        yield InputProblem(source, f"cannot decode: {exc}")
        return
    if html is None:
        html = bool(_HTML_START.match(data[:2048]))
    if not html:
        yield Article(id=doc_id, text=text, source=source)
        return
    try:
        page = extract_html(text)
    except Exception as exc:  # lxml raises many kinds on broken markup; all mean "no usable text"
        yield InputProblem(source, f"malformed HTML: {exc}")
        return
    yield Article(id=doc_id, text=page.text, title=page.title, published=page.published, url=page.url,
                  source=source, html=text)


def _read_jsonl(path: Path) -> Iterator[Item]:
    try:
        with path.open("rb") as fh:
            yield from _jsonl_lines(str(path), _decoded_lines(fh, str(path)))
    except OSError as exc:
        yield InputProblem(str(path), f"cannot read: {exc.strerror or exc}")


def _decoded_lines(fh, source: str) -> Iterator[str | InputProblem]:
    for raw in fh:
        if len(raw) > MAX_LINE_BYTES:
            yield InputProblem(source, f"line is {len(raw) / 2**20:.0f} MB, over the "
                               f"{MAX_LINE_BYTES // 2**20} MB limit for one article")
            continue
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield InputProblem(source, f"not UTF-8 (JSONL must be UTF-8): {exc.reason} at byte {exc.start}")


def _jsonl_lines(source: str, lines: Iterable[str | InputProblem]) -> Iterator[Item]:
    for lineno, line in enumerate(lines, 1):
        if isinstance(line, InputProblem):
            yield InputProblem(line.source, line.message, line=lineno)
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputProblem(source, f"broken JSON: {exc.msg} (column {exc.colno})", line=lineno)
            continue
        if not isinstance(obj, dict):
            yield InputProblem(source, "each line must be a JSON object", line=lineno)
            continue
        yield from _article_from_json(source, lineno, obj)


def _article_from_json(source: str, lineno: int, obj: dict) -> Iterator[Item]:
    text, doc_id = obj.get("text"), obj.get("id")
    if not isinstance(text, str) or not text.strip():
        yield InputProblem(source, "missing or empty \"text\"", line=lineno)
        return
    if doc_id is None or isinstance(doc_id, (dict, list)):
        yield InputProblem(source, "missing \"id\" (a string or number)", line=lineno)
        return
    published = obj.get("date") or obj.get("published")
    if published is not None:
        m = _DATE.match(str(published))
        if m is None:
            yield InputProblem(source, f"date {published!r} is not YYYY-MM-DD; ignored", line=lineno,
                               fatal=False)
            published = None
        else:
            published = m.group(0)
    title = obj.get("title")
    yield Article(id=str(doc_id), text=text, title=title if isinstance(title, str) else None,
                  published=published, url=obj.get("url") if isinstance(obj.get("url"), str) else None,
                  outlet=obj.get("outlet") if isinstance(obj.get("outlet"), str) else None,
                  source=f"{source}:{lineno}")
