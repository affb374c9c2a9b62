"""Text between quote marks, in every quoting convention, and dash-introduced speech.

Finds the paired spans; whether a span is a quotation or a name/title/scare quote is decided in
:mod:`babelwire.extract.quotes_direct` from its length and its attribution.
"""

from __future__ import annotations

from dataclasses import dataclass

from babelwire.extract.quotes_lexicon import QuoteLexicon


@dataclass(frozen=True)
class Marked:
    """A quote-mark pair: ``open``/``close`` are the positions of the marks, the content lies between."""

    open: int
    close: int
    depth: int

    @property
    def start(self) -> int:
        return self.open + 1

    @property
    def end(self) -> int:
        return self.close


_SPACED = "«»‹›"
_MAX_PARAGRAPHS = 6  # a quotation runs over at most this many paragraph breaks


def _is_word_char(c: str) -> bool:
    return c.isalnum()


def paired_marks(text: str, lex: QuoteLexicon) -> list[Marked]:
    """All quote-mark pairs (nested ones too), found paragraph by paragraph.

    A mark that can both open and close (", ”, “, », «) closes when the innermost open mark accepts it
    and it does not stand before a word after a space; otherwise it opens when it stands before a word.
    """
    marks = set(lex.marks)
    out: list[Marked] = []
    stack: list[tuple[str, int]] = []
    n = len(text)
    carried, reopen = 0, -1
    for i, c in enumerate(text):
        if c == "\n":
            keep = _continues(text, i, stack, lex) if carried < _MAX_PARAGRAPHS else None
            stack.clear()
            if keep is not None:
                stack.append(keep)
                carried += 1
                nl_next = i + 1
                while nl_next < n and text[nl_next].isspace():
                    nl_next += 1
                reopen = nl_next if nl_next < n and text[nl_next] == keep[0] else -1
            else:
                carried = 0
            continue
        if i == reopen:
            continue  # «…⏎«…»: the mark that reopens a quotation's next paragraph
        if c not in marks:
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < n else " "
        spaced = c in _SPACED  # French and Swiss typography put a space inside guillemets: « Oui »
        after_word = _is_word_char(prev) and c not in "「『"  # CJK brackets follow words directly
        can_open = c in lex.openers and not after_word and (not nxt.isspace() or spaced)
        closer_at = None
        for k in range(len(stack) - 1, max(-1, len(stack) - 3), -1):
            if c in lex.openers.get(stack[k][0], ""):
                closer_at = k
                break
        can_close = closer_at is not None and (not prev.isspace() or spaced) and i > stack[closer_at][1] + 1
        if can_close and can_open and _is_word_char(nxt):
            can_close = False  # `" word` after a word-ending mark: a new quotation opens
        if can_close:
            assert closer_at is not None
            opener_pos = stack[closer_at][1]
            del stack[closer_at:]
            out.append(Marked(open=opener_pos, close=i, depth=len(stack)))
        elif can_open:
            stack.append((c, i))
    return sorted(out, key=lambda m: (m.open, -m.close))


def _continues(text: str, nl: int, stack: list[tuple[str, int]], lex: QuoteLexicon) -> tuple[str, int] | None:
    """The open mark of a quotation that runs on into the next paragraph, or None.

    It must open its paragraph ("„Pirma pastraipa.⏎⏎Antra pastraipa.“ – sakė jis."), and the next
    paragraph with any such mark (within a few) must close more of them than it opens, so a missing
    closing mark does not swallow what follows. Only marks with distinct opening and closing forms count.
    """
    if not stack:
        return None
    mark, pos = stack[0]
    closers = lex.openers.get(mark, "")
    if mark in closers or not closers:
        return None  # '"' opens and closes: its direction across a paragraph cannot be told
    line_start = text.rfind("\n", 0, pos) + 1
    if text[line_start:pos].strip(" \t" + lex.dashes):
        return None
    nxt = nl
    for _ in range(_MAX_PARAGRAPHS):
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        if nxt >= len(text):
            return None
        end = text.find("\n", nxt)
        end = len(text) if end < 0 else end
        para = text[nxt:end]
        opened = para.count(mark)
        closed = sum(para.count(c) for c in set(closers))
        if para.startswith(mark):  # the convention that reopens every paragraph of one quotation
            opened -= 1
        if opened or closed:
            return (mark, pos) if closed > opened else None
        nxt = end
    return None


def top_level(pairs: list[Marked]) -> list[Marked]:
    """The pairs that lie inside no other pair."""
    out: list[Marked] = []
    for p in pairs:
        if out and out[-1].open < p.open and p.close < out[-1].close:
            continue
        out.append(p)
    return out
