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
    for i, c in enumerate(text):
        if c == "\n":
            stack.clear()
            continue
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


def top_level(pairs: list[Marked]) -> list[Marked]:
    """The pairs that lie inside no other pair."""
    out: list[Marked] = []
    for p in pairs:
        if out and out[-1].open < p.open and p.close < out[-1].close:
            continue
        out.append(p)
    return out
