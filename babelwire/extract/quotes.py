"""Quotations (direct) and reported statements (indirect), each with its speaker mention.

The stages, each in its own module: quote-mark pairs (:mod:`quotes_marks`), direct quotations and their
attributions (:mod:`quotes_direct`), reported speech (:mod:`quotes_reported`), speakers and their
resolution from pronouns and role nouns to named mentions (:mod:`speakers`). All words come from the
language's ``quotes.toml``/``roles.toml``.
"""

from __future__ import annotations

from babelwire.extract.context import ArticleText
from babelwire.extract.quotes_direct import DirectQuotes, Found
from babelwire.extract.quotes_lexicon import QuoteLexicon, quote_lexicon
from babelwire.extract.quotes_marks import paired_marks, top_level
from babelwire.extract.quotes_reported import ReportedSpeech
from babelwire.extract.quotes_text import Words, sentence_spans
from babelwire.extract.speakers import Speaker, SpeakerFinder, same_person
from babelwire.model import Mention, Quote, Role, Span

_INHERIT_BACK = 700  # a quotation with no attribution takes the speaker of a quotation this close before
_INHERIT_AHEAD = 300  # … or, failing that, of one this close after


def _overlap(a: Found, b: Found) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _split_at(spans: list[Span], cuts: list[int]) -> list[Span]:
    out = []
    for s, e in spans:
        points = [c for c in cuts if s < c < e]
        prev = s
        for c in points:
            out.append((prev, c))
            prev = c
        out.append((prev, e))
    return [(s, e) for s, e in out if e > s]


def _merge(direct: list[Found], reported: list[Found], lex: QuoteLexicon) -> list[Found]:
    """One list: a direct quotation that is the whole reported clause replaces it; a quoted fragment inside
    reported speech stays as a quote of its own only where the language's convention says so."""
    kept_reported: list[Found] = []
    for r in reported:
        if any(_overlap(r, k) * 2 > min(r.end - r.start, k.end - k.start) for k in kept_reported):
            continue
        kept_reported.append(r)
    out: list[Found] = []
    dropped: set[int] = set()
    for d in direct:
        inside = None
        for idx, r in enumerate(kept_reported):
            ov = _overlap(d, r)
            if not ov:
                continue
            if ov >= 0.8 * (r.end - r.start) or (abs(d.start - r.start) <= 2 and not d.fragment):
                dropped.add(idx)
                if d.inherit or d.speaker is None:
                    d.speaker, d.inherit = r.speaker, False
            elif ov >= 0.8 * (d.end - d.start):
                inside = r
        if d.fragment:
            if inside is not None and lex.fragments_inside_reported:
                d.speaker, d.inherit, d.fragment = inside.speaker, False, False
                out.append(d)
            continue
        if inside is not None and not lex.fragments_inside_reported:
            continue
        if inside is not None and (d.inherit or d.speaker is None):
            d.speaker, d.inherit = inside.speaker, False
        out.append(d)
    out.extend(r for idx, r in enumerate(kept_reported) if idx not in dropped)
    return sorted(out, key=lambda f: (f.start, f.end))


def _resolve(found: list[Found], finder: SpeakerFinder) -> list[Speaker | None]:
    """Speakers in text order: pronouns, role and organisation nouns become the named antecedent;
    quotations without an attribution take the speaker of their neighbour."""
    resolved: list[Speaker | None] = [None] * len(found)
    prev: Speaker | None = None
    prev_end = -10**9
    for i, f in enumerate(found):
        sp = f.speaker
        if sp is None or f.inherit:
            sp = prev if prev is not None and f.start - prev_end < _INHERIT_BACK else None
        elif sp.kind in ("pronoun", "role", "org"):
            sp = finder.resolve(sp, f.start, prev, prev_end, f.end)
        elif sp.kind == "name":  # the gold convention: the mention nearest to the quotation
            sp = finder.nearest_mention_of(sp, f.start, f.end)
        resolved[i] = sp
        if sp is not None:
            prev, prev_end = sp, f.end
    for i in range(len(found) - 2, -1, -1):
        if resolved[i] is None and found[i].inherit and resolved[i + 1] is not None \
                and found[i + 1].start - found[i].end < _INHERIT_AHEAD:
            resolved[i] = resolved[i + 1]
    return resolved


def _snap_to_mention(sp: Speaker, mentions: tuple[Mention, ...]) -> Speaker:
    """A name found next to the verb becomes the entity mention it overlaps (so that linking finds it)."""
    best, best_ov = None, 0
    for m in mentions:
        ov = min(m.end, sp.end) - max(m.start, sp.start)
        if ov > best_ov:
            best, best_ov = m, ov
    if best is None or (best.start, best.end) == (sp.start, sp.end) or not same_person(best, sp):
        return sp
    return Speaker(best.text, best.start, best.end, "name", type=best.type)


def extract_quotes(
    doc: ArticleText, entities: tuple[Mention, ...], roles: tuple[Role, ...] = ()
) -> tuple[Quote, ...]:
    """Direct quotations and reported speech outside page furniture, with speakers."""
    lex = quote_lexicon(doc.resources)
    text = doc.text
    if not text.strip():
        return ()
    words = Words(text)
    pairs = paired_marks(text, lex)
    tops = top_level(pairs)
    sentences = sentence_spans(text, lex.abbreviations, [(p.open, p.close + 1) for p in tops],
                               lex.sentence_openers)
    sentences = _split_at(sentences, sorted({x for span in doc.furniture for x in span}))
    body = tuple(m for m in entities if not doc.in_furniture(m.start, m.end))
    finder = SpeakerFinder(words, lex, body, roles, tuple(sentences), tuple((p.start, p.end) for p in tops))
    direct = DirectQuotes(text, words, lex, finder, sentences).find(pairs)
    reported: list[Found] = []
    sourceless: list[Span] = []
    if lex.verbs:
        speech = ReportedSpeech(text, words, lex, finder, sentences, [(p.start, p.end) for p in tops])
        reported, sourceless = speech.find(), speech.sourceless
    # a fragment in marks inside an impersonal report with no source ("Подчёркивается, что … "…"") goes too
    direct = [d for d in direct if len(words.between(d.start, d.end)) >= lex.min_words_unattributed
              or not any(a <= d.start and d.end <= b for a, b in sourceless)]
    found = [f for f in _merge(direct, reported, lex) if not doc.in_furniture(f.start, f.end)]
    out = []
    for f, sp in zip(found, _resolve(found, finder), strict=True):
        if sp is not None and sp.kind == "name":
            sp = _snap_to_mention(sp, body)
        out.append(Quote(start=f.start, end=f.end, quote=text[f.start : f.end],
                         speaker=sp.text if sp else None, speaker_start=sp.start if sp else None,
                         speaker_end=sp.end if sp else None, direct=f.direct))
    return tuple(out)
