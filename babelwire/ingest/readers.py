"""Readers for each source kind: text files, HTML files, JSONL, directories and stdin.

``read_sources`` yields :class:`Article` objects and, for anything it cannot read, an
:class:`InputProblem` naming the file (and line) and the problem, then goes on with the rest.
Nothing is read into memory whole beyond one article: oversized files are refused from their size,
and JSONL is read line by line with a cap on the length of a line.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from babelwire.ingest.encoding import UndecodableError, detect_decoding, guess_legacy_encoding, looks_binary
from babelwire.ingest.html import HtmlError, declared_charset, extract_html
from babelwire.model import Article

MAX_ARTICLE_BYTES = 10 * 1024 * 1024  # one article over 10 MB is not an article
MAX_LINE_BYTES = MAX_ARTICLE_BYTES
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>]|<!--)", re.I)
_CHUNK = 1 << 20


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


def read_sources(paths: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Articles from files, directories (recursively) and ``-`` (stdin), in the order given.

    A text or HTML file's id is its name without the suffix; when two files of one run share a name,
    the later ones are told apart by their path.
    """
    used_names: set[str] = set()
    for item in _read_paths(paths, stdin):
        if isinstance(item, Article) and item.source and item.id == Path(item.source).stem:
            if item.id in used_names:
                item = replace(item, id=str(Path(item.source).with_suffix("")))
            used_names.add(item.id)
        yield item


def _read_paths(paths: Iterable[str], stdin: BinaryIO | None) -> Iterator[Item]:
    for raw in paths:
        if raw == "-":
            yield from _read_stream("<stdin>", stdin if stdin is not None else sys.stdin.buffer)
            continue
        path = Path(raw)
        try:
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file() and _known_suffix(p)
                               and not any(part.startswith(".") for part in p.relative_to(path).parts))
                if not files:
                    yield InputProblem(str(path), "directory holds no .txt, .html or .jsonl files")
                for p in files:
                    yield from _read_file(p)
            elif path.is_file():
                yield from _read_file(path)
            elif path.exists():
                yield InputProblem(str(path), "not a regular file or directory")
            else:
                yield InputProblem(str(path), "no such file or directory")
        except OSError as exc:
            yield InputProblem(str(path), f"cannot read: {exc.strerror or exc}")


def _known_suffix(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


def _read_file(path: Path) -> Iterator[Item]:
    source = str(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as fh:
                yield from _jsonl_lines(source, _bounded_lines(fh))
            return
        if size > MAX_ARTICLE_BYTES:
            yield InputProblem(source, _too_big(size))
            return
        with path.open("rb") as fh:
            head = fh.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        yield InputProblem(source, f"cannot read: {exc.strerror or exc}")
        return
    if suffix in HTML_SUFFIXES:
        kind = "html"
    elif suffix in TEXT_SUFFIXES:
        kind = "text"
    else:
        kind = _sniff(head)
        if kind == "jsonl":
            yield from _jsonl_lines(source, _lines_of(head))
            return
    yield from _read_document(source, path.stem, head, html=kind == "html")


def _too_big(size: int) -> str:
    return (f"file is {size / 2**20:.0f} MB; one article may be at most {MAX_ARTICLE_BYTES // 2**20} MB "
            "(put many articles in a .jsonl file); skipped")


def _sniff(head: bytes) -> str:
    """``jsonl``, ``html`` or ``text`` from the first bytes (stdin and unknown suffixes)."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return "jsonl"
    if _HTML_START.match(stripped[:2048]):
        return "html"
    return "text"


def _read_stream(name: str, stream: BinaryIO) -> Iterator[Item]:
    """stdin: JSONL when it starts with ``{``, HTML when it looks like HTML, else one text article."""
    try:
        head = stream.read(min(_CHUNK, MAX_ARTICLE_BYTES + 1))
        kind = _sniff(head)
        if kind == "jsonl":
            yield from _jsonl_lines(name, _bounded_lines(stream, head))
            return
        rest = stream.read(MAX_ARTICLE_BYTES + 1 - len(head)) if len(head) <= MAX_ARTICLE_BYTES else b""
        data = head + rest
        if len(data) > MAX_ARTICLE_BYTES:
            while stream.read(_CHUNK):  # drain, so the writer is not killed by a broken pipe
                pass
            yield InputProblem(name, f"input is over {MAX_ARTICLE_BYTES // 2**20} MB; one article may be at "
                               "most that (send many articles as JSONL); skipped")
            return
    except OSError as exc:
        yield InputProblem(name, f"cannot read: {exc.strerror or exc}")
        return
    yield from _read_document(name, "stdin", data, html=kind == "html")


def _read_document(source: str, doc_id: str, data: bytes, html: bool) -> Iterator[Item]:
    if not data.strip():
        yield InputProblem(source, "empty file: no text to analyse")
        return
    if looks_binary(data):
        yield InputProblem(source, f"binary file ({_binary_kind(data)}), not text or HTML; skipped")
        return
    charset = declared_charset(data) if html else None
    text = None
    if charset:
        try:
            text = data.decode(charset)
        except UnicodeDecodeError:
            text = None  # the page lies about its charset: detect it instead
    if text is None:
        try:
            text = detect_decoding(data).text
        except UndecodableError as exc:
            yield InputProblem(source, f"cannot decode: {exc}")
            return
    if not text.strip():
        yield InputProblem(source, "empty file: no text to analyse")
        return
    if not html:
        yield Article(id=doc_id, text=text, source=source)
        return
    try:
        page = extract_html(text)
    except HtmlError as exc:
        yield InputProblem(source, str(exc))
        return
    yield Article(id=doc_id, text=page.text, title=page.title, published=page.published, url=page.url,
                  source=source, html=text)


_MAGIC = ((b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"),
          (b"%PDF", "PDF document"), (b"PK\x03\x04", "ZIP archive or Office document"),
          (b"\x1f\x8b", "gzip archive"), (b"\x7fELF", "executable"), (b"RIFF", "RIFF media file"))


def _binary_kind(data: bytes) -> str:
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), "unknown binary data")


def _bounded_lines(fh: BinaryIO, head: bytes = b"") -> Iterator[bytes | InputProblem]:
    """Lines of a binary stream, never holding more than one line of at most MAX_LINE_BYTES.

    An over-long line is read through in chunks without keeping it, and reported in its place.
    """
    buffer, eof = head, False
    while True:
        newline = buffer.find(b"\n")
        while newline < 0 and not eof and len(buffer) <= MAX_LINE_BYTES:
            chunk = fh.read(_CHUNK)
            if not chunk:
                eof = True
                break
            start = len(buffer)
            buffer += chunk
            newline = buffer.find(b"\n", start)
        if 0 <= newline <= MAX_LINE_BYTES:
            yield buffer[:newline + 1]
            buffer = buffer[newline + 1:]
            continue
        if newline < 0 and len(buffer) <= MAX_LINE_BYTES:  # the end, maybe a last line with no newline
            if buffer:
                yield buffer
            return
        size = newline if newline >= 0 else len(buffer)
        while newline < 0:
            buffer = fh.read(_CHUNK)
            if not buffer:
                break
            newline = buffer.find(b"\n")
            size += newline if newline >= 0 else len(buffer)
        buffer = buffer[newline + 1:] if newline >= 0 else b""
        eof = eof or newline < 0
        yield InputProblem("", f"line is {size / 2**20:.0f} MB, over the {MAX_LINE_BYTES // 2**20} MB "
                           "limit for one article; skipped")


def _lines_of(data: bytes) -> Iterator[bytes]:
    yield from data.splitlines(keepends=True)


def _jsonl_lines(source: str, lines: Iterable[bytes | InputProblem]) -> Iterator[Item]:
    seen = False
    for lineno, raw in enumerate(lines, 1):
        seen = seen or isinstance(raw, InputProblem) or bool(raw.strip())
        if isinstance(raw, InputProblem):
            yield InputProblem(source, raw.message, line=lineno)
            continue
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            guess = _guess(raw)
            hint = f"; it looks like {guess} (convert with: iconv -f {guess} -t utf-8)" if guess else ""
            yield InputProblem(source, f"not UTF-8 (JSONL must be UTF-8): {exc.reason} at byte {exc.start}"
                               f"{hint}; line skipped", line=lineno)
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputProblem(source, f"broken JSON: {exc.msg} (column {exc.colno}); line skipped",
                               line=lineno)
            continue
        if not isinstance(obj, dict):
            yield InputProblem(source, "each line must be a JSON object with \"id\" and \"text\"; "
                               "line skipped", line=lineno)
            continue
        yield from _article_from_json(source, lineno, obj)
    if not seen:
        yield InputProblem(source, "empty file: no articles")


def _guess(raw: bytes) -> str | None:
    try:
        return guess_legacy_encoding(raw)
    except UndecodableError:
        return None


def _article_from_json(source: str, lineno: int, obj: dict) -> Iterator[Item]:
    text, doc_id = obj.get("text"), obj.get("id")
    if doc_id is None or isinstance(doc_id, (dict, list, bool)) or str(doc_id).strip() == "":
        yield InputProblem(source, "missing \"id\" (a string or number); line skipped", line=lineno)
        return
    if not isinstance(text, str) or not text.strip():
        if text is None:
            what = "missing"
        elif isinstance(text, str):
            what = "empty"
        else:
            what = f"not a string ({type(text).__name__})"
        yield InputProblem(source, f"\"text\" is {what} (article {doc_id!s}); line skipped", line=lineno)
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
