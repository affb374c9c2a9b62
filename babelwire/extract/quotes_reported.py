"""Indirect (reported) speech: a reporting verb with its content clause, and source phrases.

Patterns, all driven by the language's ``quotes.toml``:
  * verb + complementizer: "заявив, що …", "sakė, kad …", "said that …"
  * verb + infinitive: "закликав надати …", "urged Congress to …"
  * bare complement where the language allows it: "He said the company will …"
  * source phrase: "За словами X, …", "Pasak jo, …", "…, according to X."
  * "як заявив X, …" / "kaip pranešė X, …"
  * postposed attribution: "…, заявив X." / "…, praneša policija." / "…, he said."
  * anaphora: "Про це заявив X." (the sentence before)
"""

from __future__ import annotations

from babelwire.extract.quotes_direct import Found
from babelwire.extract.quotes_lexicon import QuoteLexicon
from babelwire.extract.quotes_text import Words, strip_span
from babelwire.extract.speakers import Speaker, SpeakerFinder
from babelwire.model import Span

_TRAIL = " \t\n.,;:!?-–—"
_ANAPHORA_GAP = 8  # words between "Про це" and its verb
_OPENING_WORDS = 5  # words of a statement's opening that an attribution interrupts ("Ця тенденція, кажуть …")
_APPEAL_GAP = 30  # words between "звернувся" and "із проханням" (the addressees stand between)


def _overlaps(a: Found, b: Found) -> bool:
    return min(a.end, b.end) - max(a.start, b.start) > 0


class ReportedSpeech:
    """Finds reported speech in one article."""

    def __init__(self, text: str, words: Words, lex: QuoteLexicon, finder: SpeakerFinder,
                 sentences: list[Span], quoted: list[Span]) -> None:
        self.text, self.words, self.lex, self.finder = text, words, lex, finder
        self.sentences = sentences
        self.quoted = quoted  # top-level quote-mark spans (verbs inside them do not count)
        self.sourceless: list[Span] = []  # impersonal reports without a source, found by find()

    # ------------------------------------------------------------------ helpers
    def _in_quote(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.quoted)

    def _verbs(self, rng: range) -> list[int]:
        out = []
        for k in rng:
            w = self.words.lows[k]
            if not self.lex.is_verb(w) or self._in_quote(self.words.tokens[k].start):
                continue
            if k and self.words.lows[k - 1] in self.lex.negations:
                continue
            lows, toks = self.words.lows, self.words.tokens
            if k >= 2 and lows[k - 1] in self.lex.as_words and self.lex.is_verb(lows[k - 2]) \
                    and self.text[toks[k - 2].end : toks[k - 1].start].strip() == ",":
                continue  # "пообіцяв, як пише CNN, …": the outlet is only the channel of the report
            out.append(k)
        return out

    def _clause_start(self, sent_start: int, pos: int) -> int:
        """Start of the clause that ends at ``pos`` (after the last comma, colon or quote mark)."""
        i = pos
        while i > sent_start:
            if self.text[i - 1] in ",;:":
                break
            i -= 1
        return i

    def _content_end(self, a: int, sent_end: int, verbs: list[int]) -> int:
        """A reported clause runs to the sentence end, to the next report in the sentence, or to a comma
        before an adversative ("…, але відмовляється …")."""
        end = sent_end
        for s0, _ in self.quoted:
            if a < s0 <= end and self.text[a : s0 - 1].rstrip().endswith(":"):
                end = self.text.rfind(":", a, s0)
                break
        for j in self.words.between(a, end):
            t = self.words.tokens[j]
            if self.words.lows[j] in self.lex.adversatives and self.text[a : t.start].rstrip().endswith(",") \
                    and not self._in_quote(t.start) and t.start - a > 10:
                end = self.text.rfind(",", a, t.start)
                break
        for k in verbs:
            t = self.words.tokens[k]
            if not (a < t.start < end):
                continue
            before = self.text[a : t.start].rstrip()
            prev = self.words.lows[k - 1] if k else ""
            nxt = self.text[t.end : t.end + 40].lstrip()
            opens_report = before.endswith(",") or prev in self.lex.conjunctions or nxt.startswith(",") or \
                any(nxt.lower().startswith(c + " ") for c in self.lex.complementizers)
            if opens_report:
                j = t.start
                # drop the conjunctions and commas that join the next report ("…, і заявив, що")
                while True:
                    prev = self.text[:j].rstrip(" \t,")
                    cut = len(prev)
                    word_start = cut
                    while word_start > a and self.text[word_start - 1].isalpha():
                        word_start -= 1
                    word = self.text[word_start:cut].lower()
                    if word and word in self.lex.conjunctions and word_start > a:
                        j = word_start
                        continue
                    j = cut
                    break
                if j > a:
                    # "…, а Блінкен додав, що": the next report's subject after ", а" is no content
                    for x in reversed(list(self.words.between(a, j))[-4:]):
                        if self.words.lows[x] in self.lex.conjunctions \
                                and self.text[a : self.words.tokens[x].start].rstrip().endswith(","):
                            j = self.text.rfind(",", a, self.words.tokens[x].start)
                            break
                    end = j
                    break
        return end

    def _hard_break(self, a: int, b: int) -> bool:
        """A full stop, semicolon or colon in [a, b), other than the dot of an initial ("N. Maduro")."""
        for p in range(a, b):
            c = self.text[p]
            if c in ";:":
                return True
            initial = p >= 1 and self.text[p - 1].isupper() and (p < 2 or not self.text[p - 2].isalpha())
            if c == "." and not initial:
                return True
        return False

    def _quotes_more_than_names(self, a: int, b: int) -> bool:
        """Quote marks in [a, b) other than those around a short capitalised name ("…, заявили в
        "Газпромі"." names the organisation; "…, заявив він: "…"" opens a quotation)."""
        for p in range(a, b):
            if self.text[p] not in self.lex.marks:
                continue
            span = next(((s0, e0) for s0, e0 in self.quoted if p in (s0 - 1, e0)), None)
            if span is None or not self.text[span[0] : span[0] + 1].isupper() \
                    or len(self.words.between(*span)) > 4 or not self.finder.mention_in(*span):
                return True
        return False

    def _span(self, a: int, b: int) -> Span:
        return strip_span(self.text, a, b, _TRAIL)

    def _previous_speaker(self, found: list[Found], sent: Span) -> Speaker | None:
        for f in reversed(found):
            if sent[0] <= f.anchor < sent[1] and f.speaker is not None:
                return f.speaker
        return None

    # ------------------------------------------------------------------ patterns
    def find(self) -> list[Found]:
        out: list[Found] = []
        for sent in self.sentences:
            rng = self.words.between(*sent)
            if not rng:
                continue
            verbs = self._verbs(rng)
            here: list[Found] = []
            ana = self._anaphora(sent, rng, verbs)
            if ana is not None:
                out.append(ana)
                continue
            post = self._postposed(sent, rng, verbs)
            if post is not None:
                rest = self._continuation(post, sent, verbs) if self.lex.continued_after_attribution else None
                if not post.fragment:
                    here.append(post)
                if rest is not None:  # "Москва, заявив X, не планує …": a short opening only with the rest
                    here.append(rest)
            for f in self._source_phrases(sent, rng, verbs):
                if not any(_overlaps(f, g) for g in here):
                    here.append(f)
            for k in verbs:
                f = self._complement(sent, k, verbs, here)
                if f is not None and not any(_overlaps(f, g) for g in here):
                    here.append(f)
            for f in self._appeals(sent, rng, verbs, here):
                if not any(_overlaps(f, g) for g in here):
                    here.append(f)
            self.sourceless.extend((f.start, f.end) for f in here if self._sourceless(f))
            out.extend(sorted((f for f in here if not self._sourceless(f)), key=lambda f: f.start))
        return out

    def _sourceless(self, f: Found) -> bool:
        """An impersonal report with no source of its own ("Відзначається, що …", "І тепер вказується, що")
        is no quotation: its source is a name, or words in a prepositional phrase ("на сайті уряду")."""
        k = self.words.index_at(f.anchor)
        if k >= len(self.words.tokens) or self.words.lows[k] not in self.lex.impersonal_verbs:
            return False
        sp = f.speaker
        if sp is None or sp.kind == "name" and sp.type is None:  # "Так, повідомляється, що …"
            return True
        if sp.kind != "source":
            return False
        before = list(self.words.between(max(0, sp.start - 60), sp.start))[-3:]
        return not any(self.words.lows[x] in self.lex.prepositions for x in before)

    def _subject(self, sent: Span, k: int, found: list[Found]) -> Speaker | None:
        """The speaker of a reporting verb at token k, with the gender its form shows."""
        if self.lex.is_gerund(self.words.lows[k]):  # "…, - сказав він, додавши, що …": the main verb's
            main = [v for v in self._all_verbs(sent) if v < k and not self.lex.is_gerund(self.words.lows[v])]
            if main:
                return self._subject(sent, main[-1], found)
        cited = self.finder.cited_after(k, sent[1])  # "цитує Reuters Дмитра Пєскова": the cited person
        return self.finder.with_verb(cited or self._plain_subject(sent, k, found), k)

    def _all_verbs(self, sent: Span) -> list[int]:
        """Reporting verbs of the sentence, also those attributing a quotation in marks."""
        out = []
        for k in self.words.between(*sent):
            if self.lex.is_verb(self.words.lows[k]) and not self._in_quote(self.words.tokens[k].start) \
                    and not (k and self.words.lows[k - 1] in self.lex.negations):
                out.append(k)
        return out

    def _first_subject(self, a: int, b: int) -> Speaker | None:
        """The subject at the start of [a, b): the first candidate that follows no preposition."""
        return self.finder.first_in(a, b)

    def _opening_person(self, sent: Span, verb_start: int) -> Speaker | None:
        """A person named at the very start of the sentence, before its first comma (the subject of an
        apposition: "Каррен Аттіа, дописувачка видання …, закликала")."""
        comma = self.text.find(",", sent[0], verb_start)
        first = self.finder.first_in(sent[0], comma) if comma > sent[0] else None
        opening = self.words.between(sent[0], sent[1])
        if first is None or not opening or first.kind != "name" or not self.finder.person_like(first):
            return None
        second = self.words.tokens[min(opening.start + 1, opening.stop - 1)]
        return first if first.start <= second.start else None

    def _plain_subject(self, sent: Span, k: int, found: list[Found]) -> Speaker | None:
        """The speaker of a reporting verb at token k: the subject of its clause, of the sentence's first
        clause, of the report before it in the sentence, the subject after it, or the words before it."""
        tok = self.words.tokens[k]
        clause = self._clause_start(sent[0], tok.start)
        prev_word = self.words.lows[k - 1] if k > 0 and self.words.tokens[k - 1].start >= sent[0] else ""
        coordinated = prev_word in self.lex.conjunctions and prev_word not in self.lex.additives
        sp = None if coordinated else self.finder.subject_before(clause, tok.start)
        if sp is None and coordinated:
            sp = self._previous_speaker(found, sent)
            if sp is None:  # "Лоукостер зв'язався з пасажирами і повідомив": the first verb's subject
                conj = self.words.tokens[k - 1].start
                first = self._first_subject(clause, conj)
                sp = first if first is not None and first.kind != "source" else None
                if sp is None and clause == sent[0]:
                    sp = self.finder.unnamed_before(clause, conj, clause_initial_only=True)
        if sp is None and clause > sent[0]:
            first_comma = self.text.find(",", sent[0], tok.start)
            quoted_first = self._in_quote(sent[0]) or self._in_quote(max(sent[0], first_comma - 1)) or any(
                s <= sent[0] + 1 and e >= first_comma - 2 for s, e in self.quoted)
            sp = self.finder.subject_before(sent[0], first_comma) \
                if first_comma > sent[0] and not quoted_first else None  # a quotation is no subject
            sp = sp or self._previous_speaker(found, sent)
        elif sp is not None and sp.kind == "source" and clause > sent[0]:  # "X, дописувачка видання Y, …"
            sp = self._opening_person(sent, tok.start) or sp
        if sp is None or sp.kind == "source":
            stop = sent[1]
            infinitive = self.words.lows[k] in self.lex.infinitive_verbs
            for j in self.words.between(tok.end, sent[1]):
                w = self.words.lows[j]
                opens_quote = self.text[self.words.tokens[j].start - 1] in self.lex.marks
                if w in self.lex.complementizers or opens_quote or (infinitive and self.lex.is_infinitive(w)):
                    stop = self.words.tokens[j].start  # "закликала адміністрацію США поділитись": addressee
                    break
            after = self.finder.subject_after(tok.end, stop)
            if after is not None and (sp is None or after.kind != "source"):
                sp = after
        if sp is None and not coordinated:
            sp = self.finder.unnamed_before(clause, self.words.tokens[k].start)
        return sp

    def _complement(self, sent: Span, k: int, verbs: list[int], found: list[Found]) -> Found | None:
        """verb (+ up to 4 words) + complementizer / infinitive / bare clause."""
        lex, words = self.lex, self.words
        tok = words.tokens[k]
        after = list(words.between(tok.end, sent[1]))[:6]
        start = None
        for n, j in enumerate(after):
            w = words.lows[j]
            if w in lex.complementizers:
                gap = self.text[tok.end : words.tokens[j].start]
                if any(c in lex.marks for c in gap) or n > 4:
                    break
                if n == 0 or "," in gap or lex.bare_complement:
                    start = words.tokens[j].end
                break
            if lex.is_verb(w) or self._hard_break(tok.end, words.tokens[j].start):
                break
        if start is None:  # "Шойгу сказал так: content" (a colon, no quotation marks)
            colon = self.text.find(":", tok.end, sent[1])
            if colon >= 0 and len(words.between(tok.end, colon)) <= 2 \
                    and not self._hard_break(tok.end, colon) \
                    and not any(s0 <= colon + 3 and s0 > colon for s0, _ in self.quoted):
                start = colon + 1
        infinitive = False
        if start is None and words.lows[k] in lex.infinitive_verbs:
            for n, j in enumerate(after[:5]):
                w = words.lows[j]
                if (lex.is_infinitive(w) and not lex.is_verb(w)) or (
                        w in lex.infinitive_markers and n + 1 < len(after)):
                    start, infinitive = tok.end, True
                    break
        if start is None and lex.bare_complement and after:
            gap = self.text[tok.end : words.tokens[after[0]].start]
            first = words.lows[after[0]]
            if gap.strip(" ,") == "" and first not in lex.prepositions \
                    and first not in lex.infinitive_markers \
                    and not lex.is_verb(first) and first not in lex.conjunctions:
                sp = self.finder.subject_before(self._clause_start(sent[0], tok.start), tok.start)
                if sp is not None and len(after) >= 3:
                    start = tok.end
        if start is None:
            return None
        rel = next((words.lows[x] for x in (k - 1, k - 2) if x >= 0 and words.tokens[x].start >= sent[0]
                    and words.lows[x] in lex.relatives
                    and not (x > 0 and words.lows[x - 1] in lex.prepositions)), None)  # "в которой призвали"
        if infinitive and rel is not None and not self._hard_break(words.tokens[k - 1].start, tok.start):
            return self._relative_infinitive(sent, k, rel in lex.object_relatives, found)
        end = self._content_end(start, sent[1], verbs)
        if infinitive:  # "пригрозив перевести …, оскільки …": the reason is the reporter's, not the content
            for j in words.between(start, end):
                if words.lows[j] in lex.subordinators and self.text[start : words.tokens[j].start].rstrip() \
                        .endswith(","):
                    end = self.text.rfind(",", start, words.tokens[j].start)
                    break
        a, b = self._span(start, end)
        if b - a < 3 or len(words.between(a, b)) < 2:
            return None
        return Found(a, b, False, self._subject(sent, k, found), inherit=False, anchor=tok.start)

    def _relative_infinitive(self, sent: Span, k: int, object_only: bool, found: list[Found]) -> Found | None:
        """"…, яку закликають стратити радикальні ісламісти, …": the relative word is the infinitive's
        object, the content is the infinitive itself and the subject stands after it; with no subject
        ("яку пропонують ухвалити,") the report has no source. A relative that is the subject ("X, який
        закликав посилити санкції, …") leaves the content up to the end of the relative clause."""
        lex, words, text = self.lex, self.words, self.text
        rng = words.between(words.tokens[k].end, sent[1])
        j = rng.start
        while j < rng.stop and lex.is_infinitive(words.lows[j]) and not lex.is_verb(words.lows[j]):
            j += 1
        if j == rng.start or j >= rng.stop:
            return None
        a, b = words.tokens[rng.start].start, words.tokens[j - 1].end
        stop = text.find(",", b, sent[1])
        stop = sent[1] if stop < 0 else stop
        subject = list(words.between(b, stop))
        plain = bool(subject) and len(subject) <= 5 and not self._hard_break(b, stop) and not any(
            self.finder.is_function_word(words.lows[x]) for x in subject)
        named = plain and any(self.finder.candidate_at(x, subject[-1] + 1) is not None
                              and lex.may_be_subject(words.lows[x]) for x in subject[:2])
        if object_only and plain or named:
            sp = self.finder.subject_after(b, stop)
            if sp is None:
                s0, s1 = words.tokens[subject[0]].start, words.tokens[subject[-1]].end
                sp = Speaker(text[s0:s1], s0, s1, "source")
            return Found(a, b, False, self.finder.with_verb(sp, k), inherit=False,
                         anchor=words.tokens[k].start)
        if object_only:
            return None
        a, b = self._span(a, stop)
        if len(words.between(a, b)) < 2:
            return None
        return Found(a, b, False, self._subject(sent, k, found), inherit=False, anchor=words.tokens[k].start)

    def _appeals(self, sent: Span, rng: range, verbs: list[int], found: list[Found]) -> list[Found]:
        """"X звернувся до Y, Z із проханням допомогти …": the infinitive or clause after the appeal noun is
        the content, the appeal verb's subject its speaker."""
        lex, words = self.lex, self.words
        out: list[Found] = []
        if not lex.appeal_verbs:
            return out
        for k in rng:
            if words.lows[k] not in lex.appeal_verbs or self._in_quote(words.tokens[k].start):
                continue
            for j in range(k + 1, min(rng.stop - 1, k + _APPEAL_GAP)):
                w = words.lows[j]
                if lex.is_verb(w) or w in lex.appeal_verbs or self._in_quote(words.tokens[j].start) \
                        or self._hard_break(words.tokens[k].end, words.tokens[j].start):
                    break
                if w not in lex.appeal_nouns:
                    continue
                nxt = words.lows[j + 1]
                if nxt in lex.complementizers:
                    start = words.tokens[j + 1].end
                elif lex.is_infinitive(nxt) and not lex.is_verb(nxt):
                    start = words.tokens[j].end
                else:
                    break
                a, b = self._span(start, self._content_end(start, sent[1], verbs))
                if len(words.between(a, b)) >= 2:
                    out.append(Found(a, b, False, self._subject(sent, k, found), inherit=False,
                                     anchor=words.tokens[k].start))
                break
        return out

    def _match_phrase(self, i: int, phrases: tuple[tuple[str, ...], ...], stop: int) -> int:
        lows = self.words.lows
        for p in phrases:
            if i + len(p) <= stop and tuple(lows[i : i + len(p)]) == p:
                return len(p)
        return 0

    def _source_phrases(self, sent: Span, rng: range, verbs: list[int]) -> list[Found]:
        """"За словами X, …", "Pasak jo, …", "…, according to X.", "X teigimu, …", "як заявив X, …"."""
        out = []
        lex, words, text = self.lex, self.words, self.text
        i = rng.start
        while i < rng.stop:
            if self._in_quote(words.tokens[i].start):
                i += 1
                continue
            n_pro = self._match_phrase(i, lex.according_to_pronominal, rng.stop)
            n = n_pro or self._match_phrase(i, lex.according_to, rng.stop)
            as_verb = 0
            # "Як повідомляє X", "Kaip DELFI informavo X", "Як нам розповіли у X": the verb within 3 words
            v = next((j for j in range(i + 1, min(i + 4, rng.stop)) if j in verbs), None)
            if v is not None and (any(words.lows[j] in lex.all_verbs for j in range(i + 1, v))
                                  or "," in text[words.tokens[i].end : words.tokens[v].start]):
                v = None
            if not n and words.lows[i] in lex.as_words and v is not None:
                n = as_verb = v - i + 1
                before = text[sent[0] : words.tokens[i].start].rstrip()
                if before.endswith(",") and i > rng.start and i - 1 in verbs:
                    n = as_verb = 0  # "пообіцяв, як пише CNN, …": the outlet is only the channel
            post = 0
            if not n and words.lows[i] in lex.according_to_post and i > rng.start:
                post = 1
            if not (n or post):
                i += 1
                continue
            phrase_start = words.tokens[i].start
            if post:
                src_a = self._clause_start(sent[0], phrase_start)
                src_b = phrase_start
                comma = text.find(",", words.tokens[i].end, sent[1])
                if comma < 0 or text[words.tokens[i].end : comma].strip():
                    i += 1
                    continue
                sp = self.finder.subject_before(src_a, src_b)
                a, b = self._span(comma + 1, self._content_end(comma + 1, sent[1], verbs))
                if sp is not None and b > a:
                    out.append(Found(a, b, False, sp, anchor=phrase_start))
                i += 1
                continue
            after = words.tokens[i + n - 1].end
            comma = text.find(",", after, sent[1])
            if n_pro:
                pro = next((j for j in range(i, i + n) if words.lows[j] in lex.possessive_pronouns
                            or words.lows[j] in lex.pronouns), i + n - 1)  # "його" in "за його словами"
                sp: Speaker | None = Speaker(words.tokens[pro].text, words.tokens[pro].start,
                                             words.tokens[pro].end, "pronoun")
                sp = self.finder.with_verb(sp, pro)
            else:
                src_end = comma if comma >= 0 else sent[1]
                sp = self.finder.first_in(after, src_end)
                if sp is None and as_verb > 2:  # "Як Reuters повідомляє, …": the source before the verb
                    sp = self.finder.first_in(words.tokens[i + 1].start, words.tokens[i + n - 1].start)
                if sp is None and as_verb and comma >= 0 and not text[after:comma].strip():
                    # "Jak uvedl, …", "Как отметила, …": the subject is only in the verb's ending; a form
                    # without gender ("як повідомлялося") is impersonal and names nobody
                    zero = self.finder.with_verb(Speaker(words.tokens[i + n - 1].text,
                                                         words.tokens[i + n - 1].start, after, "pronoun"),
                                                 i + n - 1)
                    sp = zero if zero is not None and zero.gender is not None else None
                    if sp is None:
                        i += n
                        continue
                if sp is None:
                    a, b = self._span(after, src_end)
                    sp = Speaker(text[a:b], a, b, "source") if 0 < b - a < 80 else None
            clause_before = self._clause_start(sent[0], phrase_start)
            if comma >= 0 and (phrase_start - sent[0] < 3 or clause_before > sent[0] or as_verb):
                # preposed: "За словами X, content"
                a, b = self._span(comma + 1, self._content_end(comma + 1, sent[1], verbs))
            else:
                # postposed: "content, according to X."
                a, b = self._span(sent[0], phrase_start)
            if sp is not None and b - a > 3 and len(words.between(a, b)) >= 2:
                out.append(Found(a, b, False, sp, anchor=phrase_start))
            i += n
        return out

    def _postposed(self, sent: Span, rng: range, verbs: list[int]) -> Found | None:
        """"Content, заявив X." / "Content, praneša policija." / "Content, he said." (short tail clause)."""
        lex, words, text = self.lex, self.words, self.text
        if self._match_phrase(rng.start, lex.according_to_pronominal, rng.stop) \
                or self._match_phrase(rng.start, lex.according_to, rng.stop):
            return None  # "За її словами, Москва відповість": the sentence has its source up front
        for k in verbs:
            tok = words.tokens[k]
            comma = text.rfind(",", sent[0], tok.start)
            short = comma - sent[0] < 10 or len(words.between(sent[0], comma)) < 2
            if comma < 0 or short and not lex.continued_after_attribution or lex.is_gerund(words.lows[k]) \
                    or words.lows[k] in lex.impersonal_verbs and words.lows[min(k + 1, len(words.lows) - 1)] \
                    not in lex.prepositions:  # "…, як повідомляється, хочуть …": no source after it
                continue  # "…, додавши трудових проблем": a gerund attributes nothing before it
            between = list(words.between(comma + 1, tok.start))
            if len(between) > 4 or any(words.lows[j] in lex.conjunctions for j in between):
                continue
            head = text[sent[0] : comma].rstrip()
            if head[-1:] in lex.marks and any(e0 in (len(text[:sent[0]]) + len(head) - 1, comma)
                                               and s0 > sent[0] + 1 for s0, e0 in self.quoted):
                continue  # `Вступ: "Цитата", - каже X`: the attribution is the quotation's own
            if any(v < k and words.tokens[v].start < comma for v in verbs):
                continue  # the sentence has its own report; the tail names the channel ("…, передає УНН")
            later = [words.tokens[v].start for v in verbs if v > k]
            tail_end = later[0] if later else sent[1]  # the attribution clause ends at the next report
            for j in words.between(tok.end, tail_end):  # "…, řekl Luboš Lom, který doufal …": the relative
                if words.lows[j] in lex.relatives and text[:words.tokens[j].start].rstrip().endswith(","):
                    tail_end = text.rfind(",", tok.end, words.tokens[j].start)  # clause tells about him
                    break
            tail = list(words.between(comma + 1, tail_end))
            if len(tail) > 18 or any(words.lows[j] in lex.complementizers or words.lows[j] in lex.relatives
                                     for j in tail) or self._quotes_more_than_names(tok.end, tail_end):
                continue
            if any(text[c] in ".!?" for c in range(tok.end, sent[1] - 1)) and text[sent[1] - 1] not in ".!?":
                continue
            if words.lows[k] in lex.infinitive_verbs and any(
                    lex.is_infinitive(words.lows[j]) and not lex.is_verb(words.lows[j])
                    for j in words.between(tok.end, tail_end)[:3]):
                continue  # "…, закликала надати …": the verb has its own content after it
            sp = self.finder.subject_before(comma + 1, tok.start) if between else None
            if sp is not None and sp.kind == "name" and not self.finder.person_like(sp):
                after = self.finder.subject_after(tok.end, tail_end)  # "…, BNS sakė atstovas X": the outlet
                if after is not None and (after.kind in ("role", "pronoun") or after.kind == "name"
                                          and self.finder.person_like(after)):
                    sp = after
            sp = self.finder.cited_after(k, tail_end) or sp
            sp = self.finder.with_verb(sp or self.finder.subject_after(tok.end, tail_end), k)
            rest = list(words.between(tok.end, tail_end))
            if sp is None and 0 < len(rest) <= 3 and not any(self.finder.is_function_word(words.lows[j])
                                                             for j in rest):
                s0, s1 = words.tokens[rest[0]].start, words.tokens[rest[-1]].end  # "…, rašo iflscience.com."
                sp = Speaker(text[s0:s1], s0, s1, "source")
            if sp is None:
                continue
            a, b = self._span(sent[0], comma)
            if not short and len(words.between(a, b)) < 2:  # "Вакцинація триватиме, запевнив міністр."
                continue
            return Found(a, b, False, sp, anchor=tok.start, fragment=short)
        return None

    def _continuation(self, post: Found, sent: Span, verbs: list[int]) -> Found | None:
        """The rest of a statement interrupted by its attribution: "Ця тенденція, кажуть експерти,
        збережеться …" / "Между тем, утверждает экономист X, декан Y, свои деньги есть"."""
        lex, words, text = self.lex, self.words, self.text
        sp = post.speaker
        k = words.index_at(post.anchor)
        if sp is None or k >= len(words.tokens) or len(words.between(post.start, post.end)) > _OPENING_WORDS:
            return None  # a whole clause before the attribution is complete; what follows is no content
        pos = max(words.tokens[k].end, sp.end)
        comma = text.find(",", pos, sent[1])
        if comma < 0 or len(words.between(words.tokens[k].end, comma)) > 8 \
                or self._hard_break(words.tokens[k].end, comma):
            return None
        while True:  # skip appositions of the speaker: ", декан экономфака МГУ,"
            nxt = words.between(comma + 1, sent[1])
            if not nxt:
                return None
            j = nxt.start
            following = text.find(",", words.tokens[j].end, sent[1])
            segment = words.between(comma + 1, following) if following > 0 else range(0)
            noun_phrase = 0 < len(segment) <= 4 and not any(
                self.finder.is_function_word(words.lows[x]) for x in segment)
            if lex.roles.match(words.lows, j) is None and not noun_phrase:
                break
            if following < 0 or len(segment) > 6:
                return None
            comma = following
        rest = list(words.between(comma + 1, sent[1]))
        first = words.lows[rest[0]] if rest else ""
        if len(rest) < (2 if post.fragment else 3) or first.isdigit() or lex.is_gerund(first) \
                or first in lex.prepositions or first in lex.relatives or first in lex.conjunctions \
                or first in lex.complementizers or any(v in rest for v in verbs) \
                or self._in_quote(words.tokens[rest[0]].start):
            return None
        a, b = self._span(comma + 1, sent[1])
        return Found(a, b, False, sp, inherit=False, anchor=post.anchor)

    def _anaphora(self, sent: Span, rng: range, verbs: list[int]) -> Found | None:
        """"Про це заявив X." attributes the sentence before."""
        n = self._match_phrase(rng.start, self.lex.anaphora, rng.stop)
        if not n:
            return None
        phrase_end = self.words.tokens[rng.start + n - 1].end
        # the verb comes at most a few words later ("Про це міністр … Свен Міксер заявив в інтерв'ю …")
        near = [v for v in verbs if rng.start + n <= v <= rng.start + n + _ANAPHORA_GAP]
        if not near or "," in self.text[phrase_end : self.words.tokens[near[0]].start]:
            return None
        k = near[0]
        idx = self.sentences.index(sent)
        if idx == 0:
            return None
        prev = self.sentences[idx - 1]
        tok = self.words.tokens[k]
        sp = self.finder.subject_before(phrase_end, tok.start) if k > rng.start + n else None
        if sp is None or not (sp.kind in ("role", "pronoun", "self") or sp.kind == "name"
                              and self.finder.person_like(sp)):
            sp = self.finder.subject_after(tok.end, sent[1]) or sp
        sp = self.finder.with_verb(sp, k)
        a, b = self._span(*prev)
        if sp is None or b <= a:
            return None
        return Found(a, b, False, sp, anchor=self.words.tokens[k].start)
