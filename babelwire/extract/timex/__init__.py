"""Time expressions (TIMEX3) from a data-driven grammar: rules in ``grammar``, words in ``dates.toml``.

``find_timexes`` matches every rule of the language's compiled grammar, keeps the longest
non-overlapping matches, and interprets them in reading order so that anaphoric expressions
("напередодні", "the day before") can resolve against the dates mentioned before them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from babelwire.extract.context import ArticleText
from babelwire.extract.timex.grammar import Rule, compiled_rules
from babelwire.extract.timex.interpret import Context, Found, interpret
from babelwire.extract.timex.vocab import Vocabulary, vocabulary_for
from babelwire.languages.resources import Resources

__all__ = ["find_timexes", "grammar_for"]

_DATELINE_CHARS = 300  # a dateline ("КИЇВ. 5 липня.") stands in for a missing publication date
_HISTORY_YEARS = 10  # median year named this far before the DCT: a history narrative


_TRIGGER_KINDS = ("month", "weekday", "season", "daypart", "clock_word", "unit", "deictic", "ref", "set_word",
                  "vague_duration", "relyear", "same_day", "prev_day", "ordinal")
_WINDOW = 60  # characters of context around a trigger word in which the rules are run


@dataclass(frozen=True, eq=False)
class Grammar:
    vocab: Vocabulary
    rules: tuple[Rule, ...]
    cues: regex.Pattern | None
    trigger: regex.Pattern  # a word no time expression can do without (digits, month names, units …)


@cache
def grammar_for(resources: Resources) -> Grammar:
    """The language's vocabulary, rules, future-tense cues and trigger words (cached per language)."""
    vocab = vocabulary_for(resources)
    alts = [r"(?<!\w)" + a + r"(?!\w)" for a in (vocab.alternation("future_cues"),) if a != "(?!)"]
    suffixes = vocab.alternation("future_suffixes")
    if suffixes != "(?!)":  # future verb endings ("-тиме", "-siančiame")
        alts.append(r"\w{2,}" + suffixes + r"(?!\w)")
    cue_pattern = regex.compile("|".join(alts), regex.IGNORECASE) if alts else None
    words = [a for a in (vocab.alternation(k) for k in _TRIGGER_KINDS) if a != "(?!)"]
    trigger = regex.compile(r"\d|(?<!\w)(?:" + "|".join(words or ["(?!)"]) + r")", regex.IGNORECASE)
    return Grammar(vocab, compiled_rules(vocab), cue_pattern, trigger)


Candidate = tuple[int, int, int, regex.Match]


def _windows(text: str, grammar: Grammar, doc: ArticleText) -> list[tuple[int, int]]:
    """Stretches of content text around trigger words, cut at whitespace, merged."""
    out: list[tuple[int, int]] = []
    for s0, e0 in doc.content_segments():
        for m in grammar.trigger.finditer(text, s0, e0):
            s, e = max(s0, m.start() - _WINDOW), min(e0, m.end() + _WINDOW)
            while s > s0 and not text[s - 1].isspace():
                s -= 1
            while e < e0 and not text[e].isspace():
                e += 1
            if out and s <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], e))
            else:
                out.append((s, e))
    return out


def _candidates(text: str, grammar: Grammar, doc: ArticleText) -> list[Candidate]:
    out = []
    for s0, e0 in _windows(text, grammar, doc):
        for i, rule in enumerate(grammar.rules):
            for m in rule.pattern.finditer(text, s0, e0):
                if m.end() > m.start():
                    out.append((m.start(), m.end(), i, m))
    return out


def _select(cands: list[Candidate], accept) -> list[tuple[int, regex.Match]]:
    """Longest first, then earlier rule; a match that its rule rejects leaves room for others."""
    taken: list[tuple[int, int]] = []
    chosen = []
    for s, e, i, m in sorted(cands, key=lambda c: (c[0] - c[1], c[2], c[0])):
        if any(s < te and ts < e for ts, te in taken):
            continue
        if not accept(i, m):
            continue
        taken.append((s, e))
        chosen.append((i, m))
    chosen.sort(key=lambda c: c[1].start())
    return chosen


def _names_ok(m: regex.Match, vocab: Vocabulary) -> bool:
    """A month or weekday name that is also an ordinary word ("may", "march") counts only capitalised."""
    for g in ("m", "wd", "wd2"):
        try:
            t = m.group(g)
        except (IndexError, regex.error):
            continue
        if t and not t[0].isupper() and vocab.has("needs_capital", t):
            return False
    return True


def find_timexes(doc: ArticleText) -> list[Found]:
    """All time expressions outside furniture, in text order, with resolved TIMEX3 values."""
    grammar = grammar_for(doc.resources)
    vocab, rules, cues = grammar.vocab, grammar.rules, grammar.cues
    text = doc.text
    cands = _candidates(text, grammar, doc)

    historical = _historical([(c[2], c[3]) for c in cands], doc.published)

    # trial interpretation decides acceptance, so a rejected long match does not hide a good short one
    def accept(i: int, m: regex.Match) -> bool:
        if not _names_ok(m, vocab):
            return False
        probe = Context(dct=doc.published, historical=historical)
        return bool(interpret(rules[i].kind, m, vocab, probe, text, cues))

    chosen = _select(cands, accept)
    ctx = Context(dct=doc.published, historical=historical)
    if doc.published is None:
        ctx.deictic_base = _dateline(chosen, rules, vocab, text, cues)
    out: list[Found] = []
    for i, m in chosen:
        out.extend(interpret(rules[i].kind, m, vocab, ctx, text, cues))
    return out


def _historical(chosen, dct) -> bool:
    """A narrative of events long before its date (a history article): most years named are old."""
    if dct is None:
        return False
    years = []
    for _, m in chosen:
        try:
            y = m.group("y")
        except (IndexError, regex.error):
            y = None
        if y:
            years.append(int(y))
    if len(years) < 5:
        return False
    recent = sum(1 for y in years if y >= dct.year - 2)
    years.sort()
    return recent * 5 < len(years) and years[len(years) // 2] < dct.year - _HISTORY_YEARS


def _dateline(chosen, rules, vocab, text, cues) -> str | None:
    """A day-level date at the very top of an undated article, used for "yesterday"/"today"."""
    for i, m in chosen:
        if m.start() > _DATELINE_CHARS:
            break
        for f in interpret(rules[i].kind, m, vocab, Context(dct=None), text, cues):
            if f.value and len(f.value) == 10 and f.value[5:7].isdigit() and f.value[8:10].isdigit():
                return f.value
    return None
