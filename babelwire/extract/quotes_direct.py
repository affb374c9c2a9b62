"""Direct quotations: quote-mark spans that are speech (not names, titles or scare quotes), split
quotations with an inserted attribution, and dash-introduced speech, each with its speaker candidate."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from babelwire.extract.quotes_lexicon import QuoteLexicon
from babelwire.extract.quotes_marks import Marked, top_level
from babelwire.extract.quotes_text import Words, strip_span
from babelwire.extract.speakers import Speaker, SpeakerFinder
from babelwire.model import Span

_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


@dataclass
class Found:
    """A quotation before its speaker is resolved.

    ``inherit`` marks a quotation with no attribution of its own: it takes the speaker of the quotation
    before it (or after it). ``fragment`` marks a short quoted fragment that only counts inside reported
    speech.
    """

    start: int
    end: int
    direct: bool
    speaker: Speaker | None = None
    inherit: bool = False
    fragment: bool = False
    anchor: int = -1  # offset of the reporting verb (or quote) the speaker was looked for from


def _sentence_of(sentences: list[Span], pos: int) -> Span:
    for s, e in sentences:
        if s <= pos < e:
            return s, e
    return pos, pos


class DirectQuotes:
    """Finds direct quotations in one article."""

    def __init__(self, text: str, words: Words, lex: QuoteLexicon, finder: SpeakerFinder,
                 sentences: list[Span]) -> None:
        self.text, self.words, self.lex, self.finder, self.sentences = text, words, lex, finder, sentences
        d = regex.escape(lex.dashes)
        # an attribution inserted into a quotation: `…, - сказала Санду, - …`
        self._inserted = regex.compile(rf"[,.!?…]\s*[{d}]+\s+([^{d}\n]{{2,200}}?)[,.:]\s*[{d}]+\s+")
        self._dash_attr = regex.compile(rf"[,.!?…]\s+[{d}]+\s+")
        self._names_in_marks: dict[int, int] = {}  # opening mark -> closing mark of a short name in marks

    def _verb_in(self, a: int, b: int, max_words: int = 5) -> int | None:
        for k in list(self.words.between(a, b))[:max_words]:
            w = self.words.lows[k]
            if self.lex.is_verb(w) and not (k and self.words.lows[k - 1] in self.lex.negations):
                return k
        return None

    def _speaker_around(self, k: int, a: int, b: int) -> Speaker | None:
        """Speaker for a reporting verb at token k in the window [a, b): before the verb, else after it."""
        cited = self.finder.cited_after(k, b)  # "– цитує агентство ТАСС Олега Лужного": the cited person
        return self.finder.with_verb(cited or self._plain_speaker_around(k, a, b), k)

    def _plain_speaker_around(self, k: int, a: int, b: int) -> Speaker | None:
        tok = self.words.tokens[k]
        sp = self.finder.subject_before(a, tok.start)
        if sp is None or sp.kind == "source":  # "žurnalistams sakė D. Peskovas": the group is the addressee
            after = self.finder.subject_after(tok.end, b)
            if after is not None and (sp is None or after.kind != "source"):
                sp = after
        elif sp.kind == "name" and not self.finder.person_like(sp):
            # "– DELFI sakė policijos atstovė …": an outlet or place before the verb is its addressee
            after = self.finder.subject_after(tok.end, b)
            if after is not None and (after.kind in ("role", "pronoun") or after.kind == "name"
                                      and self.finder.person_like(after)):
                sp = after
        if sp is None and a < tok.start and not self.lex.nouns_capitalised:  # "Государь … сказал: …"
            sp = self.finder.unnamed_before(a, tok.start, clause_initial_only=True)
        if sp is None:  # an unnamed source after the verb: "— говорит режиссер", "– sakė kaimynė"
            ks = [j for j in self.words.between(tok.end, b)][:3]
            if ks and self.words.lows[ks[0]] not in self.lex.prepositions:  # "— йдеться в повідомленні"
                a2, b2 = self.words.tokens[ks[0]].start, self.words.tokens[ks[-1]].end
                if not any(c in ",;:" for c in self.text[a2:b2]):
                    sp = Speaker(self.text[a2:b2], a2, b2, "source")
        return sp

    def _attribution_after(self, close: int, stop: int) -> Speaker | None | bool:
        """Speaker from `"…", - заявив X` / `„…“, – sakė X` / `»…« sagte sie`; False when there is none."""
        rest = self.text[close + 1 : stop]
        lead = regex.match(rf"\s*[,.!?…]?\s*[{regex.escape(self.lex.dashes)}]*\s*", rest)
        a = close + 1 + (lead.end() if lead else 0)
        end = a
        while end < stop and self.text[end] not in ".!?;\n":
            if self.text[end] in self.lex.marks:
                name = self._names_in_marks.get(end)
                if name is None:
                    break
                end = name  # "– sakė „Žalgirio“ treneris Š. Jasikevičius": a name in marks, not a quotation
            end += 1
        k = self._verb_in(a, end)
        if k is None:
            return False
        inner_end = self.text[:close].rstrip()[-1:]
        if not lead or not lead.group().strip() and inner_end not in ".!?…,":
            return False  # `“Нафтогаз” заявив`: the quoted words are the subject, not speech
        open_ = self.text.rfind("\n", 0, close)
        opened = max((o for o, c in self._names_in_marks.items() if c == close and o > open_), default=None)
        if opened is not None and inner_end not in ".!?…," and self.finder.mention_in(opened, close) \
                and not any(c in self.lex.dashes for c in lead.group()):
            return False  # `X, голова правління "Газпрому", заявив`: a name in marks inside the subject
        sp = self._speaker_around(k, a, end)
        return sp

    def _attribution_before(self, sent_start: int, open_: int) -> tuple[Speaker | None, bool] | None:
        """Speaker from `X заявив: "…"` / `закликав "…"`; None when there is no attribution before."""
        before = self.text[sent_start:open_]
        stripped = before.rstrip()
        toks = list(self.words.between(sent_start, open_))
        if stripped.endswith(":"):
            colon = sent_start + len(stripped) - 1
            clause = [k for k in toks if self.words.tokens[k].end <= colon]
            verbs = [k for k in clause if self.lex.is_verb(self.words.lows[k])]
            if verbs:
                k = verbs[-1]
                return self._speaker_around(k, sent_start, colon), True
            sp = self.finder.first_in(sent_start, colon)
            ks = [k for k in clause if self.words.tokens[k].start >= sent_start]
            if sp is None and 0 < len(ks) <= 3 and all(self.words.tokens[k].capitalised for k in ks):
                a, b = self.words.tokens[ks[0]].start, self.words.tokens[ks[-1]].end  # "Зеленський: «…»"
                sp = Speaker(self.text[a:b], a, b, "name")
            return sp, True
        last = toks[-4:]
        if last and self.words.lows[last[-1]] in self.lex.complementizers:
            return None
        for k in reversed(last):
            if self.lex.is_verb(self.words.lows[k]):
                if self.text[self.words.tokens[k].end : open_].strip(" ,\t") and any(
                        c in ".!?;" for c in self.text[self.words.tokens[k].end : open_]):
                    return None
                return self._speaker_around(k, sent_start, open_), False
        return None

    def _introduced_above(self, open_: int) -> tuple[Speaker | None, bool] | None:
        """A quotation that opens its paragraph after one ending with a colon ("Він заявив:⏎⏎«…»")."""
        line_start = self.text.rfind("\n", 0, open_) + 1
        if line_start == 0 or self.text[line_start:open_].strip(" \t" + self.lex.dashes):
            return None
        above = self.text[:line_start].rstrip()
        if not above.endswith(":"):
            return None
        colon = len(above) - 1
        s0, _ = _sentence_of(self.sentences, colon)
        return self._attribution_before(s0, colon + 1)

    def _is_name_like(self, a: int, b: int) -> bool:
        """A short capitalised phrase without punctuation: a name or title ("Laisvė rokenrolui")."""
        ks = list(self.words.between(a, b))
        return 0 < len(ks) <= 3 and self.words.tokens[ks[0]].capitalised and not any(
            c in ",.!?;:" for c in self.text[a:b])

    def find(self, pairs: list[Marked]) -> list[Found]:
        out: list[Found] = []
        self._names_in_marks = {p.open: p.close for p in top_level(pairs)
                                if 0 < len(self.words.between(p.start, p.end)) <= 3
                                and self._is_name_like(p.start, p.end)}
        for p in top_level(pairs):
            a, b = strip_span(self.text, p.start, p.end, " \t\n")
            b = a + len(self.text[a:b].rstrip(","))  # "We will be back," said X: the comma is not quoted
            if b <= a:
                continue
            n_words = len(self.words.between(a, b))
            if _CJK.search(self.text, a, b):  # no spaces between words: count two characters as a word
                n_words = max(n_words, (b - a) // 2)
            sentence_like = n_words >= 2 and self.text[a].isupper() and self.text[b - 1] in ".!?…"
            s0, s1 = _sentence_of(self.sentences, p.open)
            if "\n" in self.text[p.open : p.close]:  # over paragraphs: the attribution follows its end
                s1 = _sentence_of(self.sentences, p.close)[1]
            para_end = self.text.find("\n", p.close)
            stop = max(s1, p.close + 1) if para_end < 0 else min(max(s1, p.close + 1), para_end)
            after = self._attribution_after(p.close, stop)
            before = None if after is not False else self._attribution_before(s0, p.open)
            if after is False and before is None:
                before = self._introduced_above(p.open)
            parts = self._split_inserted(a, b)
            if after is not False:
                speaker, attributed, colon = after, True, False
            elif before is not None:
                speaker, attributed, colon = before[0], True, before[1]
            else:
                speaker, attributed, colon = None, False, False
            if len(parts) > 1 and parts[0][2] is not None:
                speaker, attributed = speaker or parts[0][2], True
            if before is not None and not colon and (n_words < 2 or self._is_name_like(a, b)):
                attributed = False
                if n_words < self.lex.min_words_unattributed:
                    continue
            if not attributed and n_words < self.lex.min_words_unattributed and not sentence_like:
                if n_words >= 2 and not self._is_name_like(a, b):
                    out.append(Found(a, b, True, None, inherit=True, fragment=True, anchor=p.open))
                continue
            for ps, pe, _ in parts:
                out.append(Found(ps, pe, True, speaker, inherit=speaker is None, anchor=p.open))
        out.extend(self._dash_speech(pairs))
        return out

    def _split_inserted(self, a: int, b: int) -> list[tuple[int, int, Speaker | None]]:
        """Split `…, - сказала Санду, - …` inside one pair of marks into two parts with one speaker."""
        inner = self.text[a:b]
        for m in self._inserted.finditer(inner):
            attr_a, attr_b = a + m.start(1), a + m.end(1)
            k = self._verb_in(attr_a, attr_b, 4)
            if k is None:
                continue
            sp = self._speaker_around(k, attr_a, attr_b)
            first = strip_span(self.text, a, a + m.start(), " \t\n,")
            second = strip_span(self.text, a + m.end(), b, " \t\n")
            if first[1] > first[0] and second[1] > second[0]:
                return [(*first, sp), (*second, sp)]
        return [(a, b, None)]

    def _dash_speech(self, pairs: list[Marked]) -> list[Found]:
        """Paragraphs opening with a dash, followed by an attribution: `– Tekstas, – sakė X.`"""
        out = []
        d = regex.escape(self.lex.dashes)
        for m in regex.finditer(rf"(?m)^[ \t]*[{d}][ \t]+(?=\S)", self.text):
            a = m.end()
            line_end = self.text.find("\n", a)
            line_end = len(self.text) if line_end < 0 else line_end
            if any(p.open <= a < p.close for p in pairs):
                continue
            for attr in self._dash_attr.finditer(self.text, a, line_end):
                end = line_end
                while end > attr.end() and self.text[end - 1] in " .\t":
                    end -= 1
                k = self._verb_in(attr.end(), end, 4)
                if k is None:
                    continue
                sp = self._speaker_around(k, attr.end(), end)
                s, e = strip_span(self.text, a, attr.start() + 1, " \t,")
                if e > s:
                    out.append(Found(s, e, True, sp, inherit=sp is None, anchor=a))
                break
        return out
