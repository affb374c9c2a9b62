"""Who is speaking: the subject next to a reporting verb, and pronouns/role nouns resolved to a name.

A speaker is found in a window of words next to the reporting verb. It is a named mention (from the
entity recogniser, or a capitalised name found here when the recogniser missed it), a pronoun ("він",
"ji", "he"), a role noun ("Kremliaus vadovas", "the minister"), an organisation noun ("у компанії") or an
unnamed source ("джерело", "Organizatoriai"). Pronouns, role and organisation nouns are resolved later,
in text order, to the nearest earlier mention of the person or organisation they stand for.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from babelwire.extract.quotes_lexicon import QuoteLexicon, fold
from babelwire.extract.quotes_text import Words
from babelwire.model import Mention, Role

_BREAK = set(",.;:!?()[]\"“”„«»‚‘’‹›「」")
PERSON_TYPES = {"PER"}
_NEAR = 300  # characters: an earlier mention this close to a quotation is its speaker's mention
_TURN = 300  # characters: a quotation this close after another continues the same speaker's turn
_TITLE_BACK = 1500  # characters: a bare title ("Прем'єрка") without a named holder names a person this close
SPEAKER_TYPES = {"PER", "ORG", "MISC", "PRO"}  # PRO: media titles ("DW", "DELFI", "iflscience.com") write


@dataclass(frozen=True)
class Speaker:
    """A speaker candidate: ``kind`` is name, pronoun, self, role, org or source."""

    text: str
    start: int
    end: int
    kind: str
    key: str | None = None  # role key for kind == "role"
    type: str | None = None  # entity type for a named mention
    gender: str | None = None  # "f"/"m" where the pronoun, the verb or the name tells it
    qualified: bool = False  # a role or organisation noun with its own complement ("міністр оборони Франції")

    @property
    def named(self) -> bool:
        return self.kind == "name"


def _last_word(name: str) -> str:
    parts = [p for p in name.replace(".", " ").replace("-", " ").split() if p[:1].isalpha()]
    return parts[-1].lower() if parts else name.lower()


def same_person(a: Speaker | Mention, b: Speaker | Mention) -> bool:
    """Two name mentions of one person or organisation, across grammatical cases (Ніколенко/Ніколенка)."""
    la, lb = getattr(a, "lemma", None), getattr(b, "lemma", None)
    if la and lb and la.lower() == lb.lower():
        return True
    wa, wb = _last_word(a.text), _last_word(b.text)
    if wa == wb:
        return True
    common = 0
    for x, y in zip(wa, wb, strict=False):
        if x != y:
            break
        common += 1
    return common >= 4 and common >= min(len(wa), len(wb)) - 2


class SpeakerFinder:
    """Finds speaker candidates in one article."""

    def __init__(self, words: Words, lex: QuoteLexicon, entities: tuple[Mention, ...],
                 roles: tuple[Role, ...] = (), sentences: tuple[tuple[int, int], ...] = (),
                 quoted: tuple[tuple[int, int], ...] = ()) -> None:
        self.words = words
        self.text = words.text
        self.lex = lex
        self.typed = any(m.type != "MISC" for m in entities)
        self.roles = roles
        self.sentences = sentences
        self.sentence_starts = frozenset(a for a, _ in sentences)
        self.quoted = quoted
        self._mention_by_token: dict[int, Mention] = {}
        usable = [m for m in entities if not (" " not in m.text and self._function_word(fold(m.text)))]
        self.mentions = sorted(usable, key=lambda m: m.start) or self._fallback_mentions()
        # antecedents are never taken from inside a quotation
        self.antecedents = [m for m in self.mentions if not any(a <= m.start < b for a, b in quoted)]
        for m in self.mentions:
            for i in words.between(m.start, m.end):
                self._mention_by_token.setdefault(i, m)
        self._genders: dict[tuple[int, int], str | None] = {}
        self._agreed: dict[tuple[int, int], str] | None = None

    # ------------------------------------------------------------------ gender
    def _agreement(self) -> dict[tuple[int, int], str]:
        """Genders shown by a reporting verb right next to a person's name ("заявила Мецола",
        "Т.Мей наголосила"): the article's own evidence, stronger than name endings."""
        out: dict[tuple[int, int], str] = {}
        toks, lows = self.words.tokens, self.words.lows
        for m in self.mentions:
            if self.typed and m.type not in PERSON_TYPES:
                continue
            rng = self.words.between(m.start, m.end)
            if not rng:
                continue
            for k in (rng.start - 1, rng.stop):
                if 0 <= k < len(toks) and self.lex.is_verb(lows[k]) and not self._gap_breaks(
                        min(toks[k].end, m.end), max(toks[k].start, m.start)):
                    g = self.lex.gender.of_verb(lows[k])
                    if g:
                        out[(m.start, m.end)] = g
                        break
        return out

    def gender_of(self, m: Speaker | Mention) -> str | None:
        """A person's gender: from a verb agreeing with any mention of them, else from their name (its
        lemma, or a fuller mention of the same person: "Мей" after "Тереза Мей")."""
        if isinstance(m, Speaker) and m.gender:
            return m.gender
        key = (m.start, m.end)
        if key in self._genders:
            return self._genders[key]
        if self._agreed is None:
            self._agreed = self._agreement()
        same = [o for o in self.mentions if (o.start, o.end) == key or same_person(o, m)]
        votes = {self._agreed[(o.start, o.end)] for o in same if (o.start, o.end) in self._agreed}
        g = votes.pop() if len(votes) == 1 else None
        if g is None and not votes and self.typed:  # names' endings tell only from a recogniser's lemma
            for o in sorted(same, key=lambda o: -o.text.count(" ")):
                g = self.lex.gender.of_name(o.lemma or o.text, o.text)
                if g:
                    break
        self._genders[key] = g
        return g

    def with_verb(self, sp: Speaker | None, k: int) -> Speaker | None:
        """The speaker with the gender that its reporting verb (token k) or pronoun shows."""
        if sp is None or sp.gender:
            return sp
        g = self.lex.gender.pronouns.get(fold(sp.text)) if sp.kind == "pronoun" else None
        g = g or (self.lex.gender.of_role(sp.text) if sp.kind == "role" else None)
        g = g or self.lex.gender.of_verb(self.words.lows[k])
        return replace(sp, gender=g) if g else sp

    def _gender_ok(self, want: str | None, m: Speaker | Mention, strict: bool = False) -> bool:
        """Gender compatible; ``strict`` asks for a known, matching one."""
        if want is None:
            return True
        have = self.gender_of(m)
        return have == want if strict else have is None or have == want

    def _fallback_mentions(self) -> list[Mention]:
        """Capitalised names, for an article that comes without entity mentions."""
        out, i, toks = [], 0, self.words.tokens
        while i < len(toks):
            t = toks[i]
            own = self._own_name(i, len(toks)) if t.capitalised else None
            if own is None:
                i += 1
                continue
            sp, j = own
            if t.start not in self.sentence_starts or j - i > 1:
                out.append(Mention(sp.start, sp.end, sp.text, "MISC", sp.text))
            i = j
        return out

    # ------------------------------------------------------------------ candidates
    def _mention_ok(self, m: Mention) -> bool:
        return not self.typed or m.type in SPEAKER_TYPES or m.type == "LOC"

    def _own_name(self, i: int, limit: int) -> tuple[Speaker, int] | None:
        """A capitalised name at token i that the recogniser missed (initials joined: "D. Peskovas")."""
        toks, low = self.words.tokens, self.words.lows
        t = toks[i]
        if not t.capitalised or self._function_word(low[i]) or self.lex.nouns_capitalised:
            return None
        j = i
        while j + 1 < limit and toks[j + 1].capitalised and not self._function_word(low[j + 1]):
            if (j + 1 in self._mention_by_token) != (i in self._mention_by_token):
                break  # "Раніше Каррен Аттіа": a recognised name starts after a capitalised first word
            gap = self.text[toks[j].end : toks[j + 1].start]
            if gap.strip(" .-–'’\"“”„«»") or len(gap) > 3:
                break
            j += 1
        for k in range(i + 1, j):  # an initial starts the name: "Maskvos V. Putinas" -> "V. Putinas"
            if len(toks[k].text) == 1 and self.text[toks[k].end : toks[k].end + 1] == ".":
                t = toks[k]
                break
        return Speaker(self.text[t.start : toks[j].end], t.start, toks[j].end, "name"), j + 1

    def is_function_word(self, w: str) -> bool:
        """A verb of saying, preposition, conjunction, pronoun or other word that is no name."""
        return self._function_word(w)

    def _function_word(self, w: str) -> bool:
        lex = self.lex
        return (lex.is_verb(w) or w in lex.complementizers or w in lex.prepositions or w in lex.conjunctions
                or w in lex.pronouns or w in lex.relatives or w in lex.negations or w in lex.as_words
                or w in lex.possessive_pronouns or w in lex.self_pronouns or w in lex.determiners
                or w in lex.subordinators or w in lex.adversatives)

    def candidate_at(self, i: int, limit: int) -> tuple[Speaker, int] | None:
        """The speaker candidate starting at token i, and the index of the token after it."""
        toks, low, lex = self.words.tokens, self.words.lows, self.lex
        m = self._mention_by_token.get(i)
        role = lex.roles.match(low[:limit], i)
        if role and m is not None and toks[i + role[0] - 1].end > m.end:
            m = None  # a title that contains a name: "Kremliaus vadovas", "глава МЗС"
        if m is not None and self._mention_ok(m) and toks[i].start <= m.start + 1:
            j = i
            while j < len(toks) and toks[j].start < m.end:
                j += 1
            return Speaker(m.text, m.start, m.end, "name", type=m.type), j
        w = low[i]
        if w in lex.self_pronouns:
            return Speaker(toks[i].text, toks[i].start, toks[i].end, "self"), i + 1
        if w in lex.pronouns:
            return Speaker(toks[i].text, toks[i].start, toks[i].end, "pronoun"), i + 1
        if w in lex.source_nouns or w in lex.roles.groups:
            return Speaker(toks[i].text, toks[i].start, toks[i].end, "source"), i + 1
        if role:
            n, key = role
            end, qualified = toks[i + n - 1].end, False
            inner = self._mention_by_token.get(i + n - 1)
            if inner is not None and inner.start > toks[i].start and inner.end > end \
                    and (not self.typed or inner.type not in PERSON_TYPES):
                # the recogniser split the title: "Глава [МИД Германии]" is one role with its organisation
                while i + n < limit and toks[i + n].start < inner.end:
                    n += 1
                end, qualified = toks[i + n - 1].end, True
            return Speaker(self.text[toks[i].start : end], toks[i].start, end, "role", key=key,
                           qualified=qualified), i + n
        if w in lex.org_nouns:
            return Speaker(toks[i].text, toks[i].start, toks[i].end, "org"), i + 1
        if toks[i].capitalised and (m is None or self._mention_ok(m)):
            own = self._own_name(i, limit)
            if own and (toks[i].start not in self.sentence_starts or own[1] - i > 1):
                return own
        return None

    def _gap_breaks(self, a: int, b: int) -> bool:
        return any(c in _BREAK for c in self.text[a:b]) or "\n" in self.text[a:b]

    def _holder_chain(self, sp: Speaker, j: int, limit: int) -> Speaker:
        """A role or name followed by names/role words with no punctuation: the last person name wins
        ("речник президента Володимира Путіна Дмитро Пєсков" -> Дмитро Пєсков)."""
        best = sp
        toks = self.words.tokens
        pos = sp.end
        steps = 0
        commas = 0
        while j < limit and steps < 8:
            gap = self.text[pos : toks[j].start].strip(" \"“”„«»'’-–")
            if gap == "," and commas == 0 and best is sp:
                commas += 1  # apposition: "tyrimo autorius, Durhamo universiteto profesorius Tomas Shanksas"
            elif self._gap_breaks(pos, toks[j].start) and gap:
                break
            if self.words.lows[j] in self.lex.prepositions or self.lex.is_verb(self.words.lows[j]) or (
                    best.kind == "name" and self.words.lows[j] in self.lex.conjunctions):
                break  # "в обращении Немцова и Милова": the first of two named speakers
            nxt = self.candidate_at(j, limit)
            if nxt is None:
                if toks[j].capitalised:
                    break
                pos, j, steps = toks[j].end, j + 1, steps + 1
                continue
            cand, j2 = nxt
            if cand.kind == "name" and self._person_like(cand):
                best = cand
            elif cand.kind not in ("role", "org", "name"):
                break
            pos, j, steps = cand.end, j2, steps + 1
        return best

    def person_like(self, sp: Speaker) -> bool:
        """A named person (by the recogniser's type when it gives one; an acronym is no person)."""
        return self._person_like(sp) and (not self.typed or sp.type in PERSON_TYPES)

    def _person_like(self, sp: Speaker) -> bool:
        if sp.type is not None and self.typed:
            return sp.type in PERSON_TYPES
        letters = [c for c in sp.text if c.isalpha()]
        return not (len(letters) >= 2 and all(c.isupper() for c in letters))  # an acronym is no person

    def _scan(self, a: int, b: int) -> list[tuple[Speaker, int, bool]]:
        """Candidates between offsets a and b: (speaker, index after it, after a preposition)."""
        out = []
        rng = self.words.between(a, b)
        if not rng:
            return out
        i, limit = rng.start, rng.stop
        after_prep = False
        prep_noun = False  # the word before was the noun of a prepositional phrase ("в интервью")
        channel = False  # within "в эфире телеканала …": names up to the next candidate are the channel
        pp_words: int | None = None  # lower-case words since the last preposition ("на первом заседании")
        while i < limit:
            w = self.words.lows[i]
            if i not in self._mention_by_token and self._inside_quote(self.words.tokens[i].start) \
                    and not self._quoted_name_at(i):
                i += 1  # inside quotation marks only a name ("„Regitra“", "обиженный “Газпром”") can speak
                continue
            if w in self.lex.prepositions or w in self.lex.channel_nouns:
                # "в інтерв'ю виданню Politico": a name after a medium's noun is the channel, not the speaker
                after_prep, prep_noun = True, False
                channel = w in self.lex.channel_nouns
                pp_words = 0 if w in self.lex.prepositions else pp_words
                i += 1
                continue
            c = self.candidate_at(i, limit)
            if c is None:
                lower = not self.words.tokens[i].capitalised and not self.lex.is_verb(w)
                pp_words = pp_words + 1 if pp_words is not None and lower and pp_words < 3 else None
                prep_noun = after_prep and not self.words.tokens[i].capitalised
                if not self.words.tokens[i].capitalised:  # one word after a medium's noun: "эфире телеканала"
                    after_prep = after_prep and (channel and not self.lex.is_verb(w)
                                                 or w in self.lex.possessive_pronouns)
                channel = False
                i += 1
                continue
            channel = False
            sp, j = c
            in_phrase = bool(pp_words) and sp.kind in ("org", "source") \
                and not self._gap_breaks(self.words.tokens[i - 1].end, sp.start)
            pp_words = None
            if prep_noun and self.text[sp.start - 1 : sp.start] in self.lex.marks:
                after_prep = True  # "в интервью "МК"", "в ефірі "Радіо Свобода"": the outlet of the phrase
            prev = out[-1][0] if out and out[-1][2] else None
            if prev is not None and sp.kind == "name" and sp.type in ("LOC", "ORG") and self.typed \
                    and self._genitive_gap(prev.end, sp.start, 1) and self._qualifies(prev, sp):
                after_prep = True
            prep_noun = False
            if sp.kind == "org" and i > rng.start and not self.words.tokens[i - 1].capitalised \
                    and not after_prep and not self._function_word(self.words.lows[i - 1]) \
                    and not self._gap_breaks(self.words.tokens[i - 1].end, sp.start):
                prev = self.words.tokens[i - 1]  # "членів партії": the organisation only qualifies a noun
                sp = Speaker(self.text[prev.start : sp.end], prev.start, sp.end, "source")
            after_prep = after_prep or in_phrase  # "на первом заседании комиссии": the organisation is in it
            out.append((sp, j, after_prep))
            after_prep = False
            i = j
        return out

    def _addressee(self, sp: Speaker, a: int) -> bool:
        """A name right after the verb (at ``a``) that the dictionary reads in no nominative form is whom the
        speaker told ("рассказали "Известиям" в ассоциации", "сказав Путіну"), not the subject."""
        if sp.kind != "name" or self.words.between(a, sp.start):
            return False
        k = self.words.index_at(sp.start)
        return k < len(self.words.tokens) and not self.lex.may_be_subject(self.words.lows[k])

    def _qualifies(self, prev: Speaker, sp: Speaker) -> bool:
        """``sp`` only qualifies the organisation ``prev`` just before it: "У МЗС України заявили",
        "у Повітряних силах ЗСУ" (a place name the recogniser cut short, one word, then the organisation)."""
        if prev.kind == "org" or prev.type == "ORG":
            return sp.type == "LOC"
        return prev.kind == "name" and (prev.type is None or prev.type == "LOC" and sp.type == "ORG"
                                        and bool(self.words.between(prev.end, sp.start)))

    def _quoted_name_at(self, i: int) -> bool:
        """Token i opens a short capitalised phrase that fills its quotation marks (a name: “Газпром”)."""
        span = self._quote_at(self.words.tokens[i].start)
        if span is None or self.words.tokens[i].start != span[0] or not self.words.tokens[i].capitalised:
            return False
        inner = self.words.between(*span)
        return 0 < len(inner) <= 3 and not any(c in ",.!?;:" for c in self.text[span[0] : span[1]]) \
            and self.lex.may_be_subject(self.words.lows[i])  # not the outlet told: "заявили "Деньгам""

    def mention_in(self, a: int, b: int) -> bool:
        """A recognised name lies within [a, b)."""
        return any(m.start >= a and m.end <= b for m in self.mentions) if self.typed else False

    def _inside_quote(self, pos: int) -> bool:
        return self._quote_at(pos) is not None

    def _quote_at(self, pos: int) -> tuple[int, int] | None:
        for a, b in self.quoted:
            if a <= pos < b:
                return a, b
        return None

    def _adjacent(self, a: Speaker, b: Speaker) -> bool:
        """b follows a with nothing but spaces between (one noun phrase: "Голова Ryanair")."""
        gap = self.text[a.end : b.start]
        if b.start < a.end or gap.strip(" \t\"“”„«»'’"):
            return False
        # a name in marks only when it fills them ("агенція "УНН""), not a quotation that opens with it
        return not gap.strip() or self.text[b.end : b.end + 1] in self.lex.marks

    def _genitive_gap(self, a: int, b: int, max_words: int = 4) -> bool:
        """Only content words (no punctuation, verb, preposition or other function word) between a and b:
        one noun phrase with its genitive modifiers ("міністр оборони Франції", "Голова Ryanair")."""
        if self.text[a:b].strip(" \t\"“”„«»'’-–") and any(c in _BREAK or c == "\n" for c in self.text[a:b]
                                                         if c not in "\"“”„«»'’"):
            return False
        ks = list(self.words.between(a, b))
        return len(ks) <= max_words and not any(self._function_word(self.words.lows[k]) for k in ks)

    def _head_of_phrase(self, found: list[tuple[Speaker, int, bool]], k: int) -> int:
        """The head of the noun phrase that ends with candidate k.

        A person's title before an organisation or place names the person ("Голова Ryanair", "міністр
        оборони Франції"); a collective noun after an organisation stands for the organisation ("teismo
        teisėjų kolegija"). Types come from the recogniser, so this holds only when it gives them.
        """
        while k > 0:
            sp, prev = found[k][0], found[k - 1][0]
            if found[k][2] or not self._genitive_gap(prev.end, sp.start) or prev.start >= sp.start:
                return k
            person = sp.kind == "name" and self._person_like(sp) \
                and (sp.type in PERSON_TYPES or not self.typed)
            if prev.kind == "org" and sp.kind == "name" and sp.type == "ORG":
                return k  # apposition: "Компанія Pfizer", "авіакомпанія Ryanair"
            if prev.kind in ("role", "org", "source") and not person:
                k -= 1
                continue
            if self.typed and sp.kind == "source" and prev.kind == "name" and prev.type == "ORG":
                k -= 1
                continue
            return k
        return k

    def qualify(self, sp: Speaker) -> Speaker:
        """Mark a role or organisation noun followed by the organisation or place it belongs to
        ("міністр оборони Франції", "міністерство закордонних справ Туреччини"): a description in
        its own right, never some earlier name."""
        if sp.kind not in ("role", "org"):
            return sp
        pos = sp.end
        for k in list(self.words.between(sp.end, len(self.text)))[:5]:
            t = self.words.tokens[k]
            if not self._genitive_gap(pos, t.start, 0) or self._function_word(t.low):
                return sp
            m = self._mention_by_token.get(k)
            if m is not None and m.type in ("ORG", "LOC") and self.typed:
                # an organisation noun needs words of its own name first ("міністерство закордонних справ
                # Туреччини"); "авіакомпанія Європи" only describes one named elsewhere
                own_words = pos > sp.end
                return replace(sp, qualified=True) if sp.kind == "role" or own_words else sp
            if m is not None:
                return sp
            pos = t.end
        return sp

    # ------------------------------------------------------------------ windows
    def cited_after(self, k: int, b: int, max_words: int = 6) -> Speaker | None:
        """For a verb of citing at token k ("цитує Reuters Дмитра Пєскова", "cituje ČTK ministra"), the
        person it cites: the first person's name or title after it, past the outlet that cites."""
        if self.words.lows[k] not in self.lex.cite_verbs:
            return None
        end = min(b, self.words.tokens[min(k + max_words, len(self.words.tokens) - 1)].end)
        for sp, j, after_prep in self._scan(self.words.tokens[k].end, end):
            if after_prep:
                continue
            if sp.kind == "name" and self.person_like(sp):
                return sp
            if sp.kind == "role":
                return self._holder_chain(sp, j, self.words.between(sp.start, end).stop)
        return None

    def subject_after(self, a: int, b: int, max_words: int = 12) -> Speaker | None:
        """The subject after a reporting verb, between offsets a and b ("додав він", "sakė D. Peskovas").
        Past a first window of only places and channels, a person named further on is the subject ("řekl
        včera v Berlíně při … z Německa ruský prezident Boris Jelcin")."""
        sp = self._subject_after(a, b, max_words)
        rng = self.words.between(a, b)
        if len(rng) > max_words and (sp is None or self._after_preposition(sp, a)):
            far = self.words.tokens[rng.start + max_words - 1].end
            last = self.words.tokens[min(rng.stop, rng.start + 30) - 1].end
            for cand, j, after_prep in self._scan(far, last):
                if not after_prep and (cand.kind == "role" or cand.kind == "name" and self.person_like(cand)):
                    return self.qualify(self._holder_chain(cand, j, rng.stop))
        return sp

    def _after_preposition(self, sp: Speaker, a: int) -> bool:
        return any(c.start == sp.start and after_prep for c, _, after_prep in self._scan(a, sp.end))

    def _subject_after(self, a: int, b: int, max_words: int) -> Speaker | None:
        rng = self.words.between(a, b)
        if len(rng) > max_words:
            b = self.words.tokens[rng.start + max_words - 1].end
        for k in self.words.between(a, b):
            if self.words.lows[k] in self.lex.complementizers:
                b = self.words.tokens[k].start
                break
        found = [(sp, j, after_prep or self._addressee(sp, a)) for sp, j, after_prep in self._scan(a, b)]
        limit = self.words.between(a, b).stop
        # a name, title or pronoun beats a group noun ("заявив журналістам речник …")
        for n, (sp, _j, after_prep) in enumerate(found[:-1]):  # "передає агенція AP": the name
            nxt = found[n + 1][0]
            if sp.kind == "org" and nxt.kind == "name" and self._adjacent(sp, nxt) and not after_prep:
                return nxt
        for groups_ok in (False, True):
            for sp, j, after_prep in found:
                if not after_prep and (groups_ok or sp.kind != "source"):
                    chained = self._holder_chain(sp, j, limit) if sp.kind in ("role", "name") else sp
                    return self.qualify(chained)
        return found[0][0] if found else None

    def subject_before(self, a: int, b: int, max_words: int = 10) -> Speaker | None:
        """The subject before a reporting verb at offset b, in the clause that starts at offset a."""
        rng = self.words.between(a, b)
        if len(rng) > max_words:
            a = self.words.tokens[rng.stop - max_words].start
        found = self._scan(a, b)
        last = self.words.between(a, b)
        if last and (not found or all(f[0].kind == "source" for f in found)):
            k = last.stop - 1  # a sentence-initial name right before the verb: "О'Лірі заявив, що …"
            t = self.words.tokens[k]
            if t.capitalised and not self._function_word(t.low) and not self.lex.nouns_capitalised \
                    and (k == last.start or not self.words.tokens[k - 1].capitalised):
                return Speaker(t.text, t.start, t.end, "name")
        if not found:
            return None
        plain = [f for f in found if not f[2]]
        k = found.index(plain[-1]) if plain else 0
        k = self._head_of_phrase(found, k)
        if found[k][0].kind == "source":  # "ministras X žurnalistams sakė": the group is the addressee
            for n in range(k - 1, -1, -1):
                cand = found[n][0]
                if not found[n][2] and cand.kind in ("name", "role") and self._person_like(cand) \
                        and (not self.typed or cand.kind == "role" or cand.type in PERSON_TYPES):
                    k = n
                    break
        sp, j, _ = found[k]
        if sp.kind == "org" and k > 0 and self.typed:  # "Vilniaus apskrities … policijos komisariatas"
            prev, _, prev_after_prep = found[k - 1]
            if prev.kind == "name" and prev.type in ("LOC", "ORG") and not prev_after_prep \
                    and self._genitive_gap(prev.end, sp.start):
                return Speaker(self.text[prev.start : sp.end], prev.start, sp.end, "name", type="ORG")
        if sp.kind == "role":
            sp = self._holder_chain(sp, j, self.words.between(a, b).stop)
        return self.qualify(sp)

    def unnamed_before(self, a: int, b: int, clause_initial_only: bool = False) -> Speaker | None:
        """An unnamed source in the clause [a, b) before its verb: the words that open the clause up to
        a preposition or other function word ("Свідок тоді …", "Один із ректорів", "понад 20 членів
        партії"), else the (at most three) words right before the verb."""
        lex = self.lex
        rng = [k for k in self.words.between(a, b) if self.words.lows[k] not in lex.negations]
        joining = lex.conjunctions | lex.adversatives | lex.complementizers
        while rng and self.words.lows[rng[0]] in joining:
            rng = rng[1:]  # "Tačiau politologai sako": the conjunction is no part of the source
        head: list[int] = []
        for k in rng[:3]:
            if self._function_word(self.words.lows[k]) or (head and self._gap_breaks(
                    self.words.tokens[head[-1]].end, self.words.tokens[k].start)):
                break
            head.append(k)
        ks = head or ([] if clause_initial_only else rng[-3:])
        while ks and self._function_word(self.words.lows[ks[0]]):
            ks = ks[1:]  # "Ее попросили …": a pronoun object is no source
        if not ks:
            return None
        s, e = self.words.tokens[ks[0]].start, self.words.tokens[ks[-1]].end
        return Speaker(self.text[s:e], s, e, "source")

    def first_in(self, a: int, b: int) -> Speaker | None:
        """The first candidate between a and b (the subject of a sentence before a colon)."""
        found = self._scan(a, b)
        plain = [f for f in found if not f[2]]
        if not (plain or found):
            return None
        cands = plain or found
        n = 0
        while n + 1 < len(cands) and self._genitive_gap(cands[n][0].end, cands[n + 1][0].start) and (
                cands[n][0].kind in ("org", "source") or cands[n][0].kind == "name"
                and not self.person_like(cands[n][0])) and (
                cands[n + 1][0].kind == "role" or cands[n + 1][0].kind == "name"
                and self.person_like(cands[n + 1][0])):
            n += 1  # "policijos atstovas Ramūnas Matonis": the organisation only qualifies the role
        sp, j, _ = cands[n]
        nxt = cands[n + 1][0] if len(cands) > n + 1 else None
        if sp.kind == "org" and nxt is not None and nxt.kind == "name" and nxt.type == "ORG" \
                and self._genitive_gap(sp.end, nxt.start, 2):  # "пресслужба Міноборони"
            return Speaker(self.text[sp.start : nxt.end], sp.start, nxt.end, "name", type="ORG")
        if sp.kind in ("role", "name"):
            sp = self._holder_chain(sp, j, self.words.between(a, b).stop)
        return self.qualify(sp)

    # ------------------------------------------------------------------ resolution
    def learn_gender(self, sp: Speaker) -> None:
        """Remember the gender a verb or pronoun showed for a named speaker, for all their mentions
        ("– заявив він" resolved to Мішель: a later "– додала вона" is someone else)."""
        if not sp.gender or sp.kind != "name":
            return
        for m in self.mentions:
            same = (m.start, m.end) == (sp.start, sp.end) or same_person(m, sp)
            if same and self._genders.get((m.start, m.end)) is None:
                self._genders[(m.start, m.end)] = sp.gender
        self._genders.setdefault((sp.start, sp.end), sp.gender)

    def nearest_mention_of(self, sp: Speaker, start: int, end: int) -> Speaker:
        """The mention of the person named by ``sp`` nearest to the quotation [start, end), before or after
        it (the convention of the annotated data: "the mention nearest to the quote")."""
        self.learn_gender(sp)
        same = [m for m in self.antecedents
                if not (m.start >= start and m.end <= end) and self._mention_ok(m) and same_person(m, sp)]
        before = [m for m in same if m.end <= start]
        if before and start - before[-1].end <= _NEAR:  # a mention just before the quotation wins
            m = before[-1]
        else:
            m = min(same, key=lambda x: self._distance(x, start, end), default=None)
        if m is None or self._distance(sp, start, end) <= self._distance(m, start, end):
            return sp
        return Speaker(m.text, m.start, m.end, "name", type=m.type, gender=sp.gender)

    @staticmethod
    def _distance(m: Speaker | Mention, start: int, end: int) -> int:
        return start - m.end if m.end <= start else max(0, m.start - end)

    def nearest_name_before(self, pos: int, persons_only: bool = True, gender: str | None = None,
                            within: int | None = None) -> Speaker | None:
        """The nearest named mention before ``pos`` (a person when the recogniser gives types) of a
        compatible gender, at most ``within`` characters back; one shortly before whose gender is known to
        match goes first ("Тереза Мей зустрілася з Юнкером. … – заявила прем'єрка")."""
        if gender is not None:
            strict = self._nearest_name_before(pos, persons_only, gender, min(within or _NEAR, _NEAR), True)
            if strict is not None:
                return strict
        return self._nearest_name_before(pos, persons_only, gender, within, False)

    def _nearest_name_before(self, pos: int, persons_only: bool, gender: str | None, within: int | None,
                             strict: bool) -> Speaker | None:
        for m in reversed(self.antecedents):
            if m.end > pos:
                continue
            if within is not None and pos - m.end > within:
                return None
            if persons_only and self.typed and m.type not in PERSON_TYPES:
                continue
            if not self._mention_ok(m) or not self._gender_ok(gender, m, strict):
                continue
            sp = Speaker(m.text, m.start, m.end, "name", type=m.type)
            if persons_only and not self._person_like(sp):
                continue
            return sp
        return None

    def _previous_sentence_start(self, pos: int) -> int:
        starts = [a for a, _ in self.sentences if a <= pos]
        return starts[-2] if len(starts) >= 2 else (starts[-1] if starts else 0)

    def first_person_in(self, a: int, b: int, gender: str | None = None) -> Speaker | None:
        """The first person-like named mention in [a, b) (the subject of the sentence before a pronoun),
        one whose gender is known to match first ("Джо Байден і Камала Гарріс … Вона заявила")."""
        if gender is not None:
            strict = self._first_person_in(a, b, gender, True)
            if strict is not None:
                return strict
        return self._first_person_in(a, b, gender, False)

    def _opening_surname(self, a: int, b: int) -> Speaker | None:
        """A surname opening the sentence at ``a`` that the recogniser missed ("Кулеба зустрівся з …"),
        read as a nominative name by the language's dictionary."""
        rng = self.words.between(a, b)
        if not rng or rng.start in self._mention_by_token:
            return None
        t = self.words.tokens[rng.start]
        g = self.lex.surname_gender(t.text) if t.capitalised and not self._function_word(t.low) else None
        return Speaker(t.text, t.start, t.end, "name", type="PER", gender=g) if g else None

    def _first_person_in(self, a: int, b: int, gender: str | None, strict: bool) -> Speaker | None:
        opening = self._opening_surname(a, b)
        if opening is not None and (gender is None or opening.gender == gender):
            return opening
        for m in self.antecedents:
            if m.start < a or m.end > b:
                continue
            if self.typed and m.type not in PERSON_TYPES:
                continue
            if not self._gender_ok(gender, m, strict):
                continue
            sp = Speaker(m.text, m.start, m.end, "name", type=m.type)
            if self._person_like(sp):
                return sp
        return None

    def nearest_org_before(self, pos: int) -> Speaker | None:
        for m in reversed(self.antecedents):
            if m.end <= pos and m.type == "ORG":
                return Speaker(m.text, m.start, m.end, "name", type=m.type)
        return None

    def main_org_before(self, pos: int) -> Speaker | None:
        """Of the organisations named in the stretch before ``pos``, the one the article names most often
        (what "у компанії", "лоукостер" stands for when the nearest name is an outlet quoted on the way)."""
        before = [m for m in self.antecedents if m.end <= pos and m.type == "ORG"]
        near = [m for m in before if pos - m.end <= _TITLE_BACK] or before[-1:]
        if not near:
            return None
        best = max(reversed(near), key=self._times_named)
        return Speaker(best.text, best.start, best.end, "name", type=best.type)

    def _times_named(self, m: Speaker | Mention) -> int:
        """How many organisation mentions of the article name the same organisation as ``m``."""
        return sum(same_person(o, m) for o in self.mentions if o.type == "ORG")

    def role_holders_before(self, key: str | None, pos: int, gender: str | None = None) -> list[Speaker]:
        """Holders of a compatible role introduced before ``pos``, nearest last."""
        out = []
        for r in sorted(self.roles, key=lambda r: r.holder_start):
            if r.holder_end <= pos and self.lex.roles.compatible(r.key, key):
                a, b = r.holder_start, r.holder_end
                holder = Speaker(self.text[a:b], a, b, "name")
                if self._gender_ok(gender, holder):
                    out.append(holder)
        return out

    def resolve(self, sp: Speaker, at: int, previous: Speaker | None, previous_end: int,
                at_end: int | None = None) -> Speaker:
        """A pronoun, role or organisation noun resolved to a named antecedent before offset ``at``.

        ``previous`` is the (resolved) speaker of the quote before, which ended at ``previous_end``;
        [at, at_end) is the quotation.
        """
        at_end = at if at_end is None else at_end
        recent = previous if previous is not None and previous.named and at - previous_end < 1500 else None
        g = sp.gender
        if recent is not None and g is not None and not self._gender_ok(g, recent):
            recent = None
        if recent is not None and sp.kind == "pronoun" and g is not None and not self.person_like(recent) \
                and not (recent.type is None and recent.gender == g and self._person_like(recent)):
            # "він"/"ji" stands for a person, not for the Brussels or the company before (a name the
            # recogniser missed counts when its own verb showed this gender)
            recent = None
        target: Speaker | None
        if sp.kind == "pronoun":
            prev_sentence = self._previous_sentence_start(sp.start)
            if recent is not None and previous_end >= prev_sentence:
                target = recent
            else:
                target = self.first_person_in(max(prev_sentence, previous_end), sp.start, g) or recent \
                    or self.nearest_name_before(sp.start, gender=g)
        elif sp.kind == "role":
            holders = self.role_holders_before(sp.key, sp.start, g)
            anonymous = sp.qualified or self.lex.roles.is_anonymous(sp.key)
            own = self._holder_in_phrase(sp)
            if own is not None:
                return self.nearest_mention_of(own, min(at, sp.start), max(at_end, sp.end))
            if recent is not None and any(same_person(h, recent) for h in holders):
                target = recent
            elif holders:
                target = holders[-1]
            elif not anonymous:
                target = recent or self.nearest_name_before(sp.start, gender=g, within=_TITLE_BACK)
            elif sp.qualified and not self.lex.roles.is_anonymous(sp.key) and recent is not None \
                    and at - previous_end < _TURN:  # "… , сказав керівник ВООЗ" right after Tedros' words
                target = recent
            else:
                target = None
            if target is None and self._in_headline(sp.start):  # "Голова Ryanair пригрозив …" (named below)
                target = self.nearest_name_after(sp.end, gender=g)
            if target is None:  # "Речник компанії", "дипломат": an unnamed source
                return sp
        elif sp.kind == "org":
            if sp.qualified:  # "міністерство закордонних справ Туреччини" names the organisation itself
                return sp
            org_like = recent is not None and (not self.typed or recent.type in (None, "ORG"))
            target = (recent if org_like else None) or self.nearest_org_before(sp.start)
            if target is not None and self._times_named(target) <= 1:  # an outlet quoted once on the way
                main = self.main_org_before(sp.start)
                target = main if main is not None and self._times_named(main) >= 3 else target
            if target is None and not self.typed:
                target = recent or self.nearest_name_before(sp.start, False)
        else:
            return sp
        if target is None and sp.kind == "pronoun":  # "– pridūrė ji. N. Portman …"
            target = self.nearest_name_after(sp.end, gender=g)
            unnamed = previous is not None and (previous.kind == "role" or previous.kind == "source"
                                                and fold(previous.text) in self.lex.source_nouns)
            if target is None and unnamed and at - previous_end < _TURN and self._gender_ok(g, previous):
                return previous  # "Представник X розповів, що … Крім того, за його словами": the same source
            return replace(target, kind="name", gender=g or target.gender) if target is not None else sp
        if target is None:
            return sp
        found = self.nearest_mention_of(replace(target, kind="name", gender=g or target.gender),
                                        min(at, sp.start), max(at_end, sp.end))
        return replace(found, gender=found.gender or self.gender_of(found))

    def _in_headline(self, pos: int) -> bool:
        """True for a position in the article's first line or sentence."""
        first = self.sentences[0][1] if self.sentences else 0
        line = self.text.find("\n")
        return pos < max(first, line if line >= 0 else 0)

    def _holder_in_phrase(self, sp: Speaker, max_words: int = 8) -> Speaker | None:
        """A person named later in the role's own noun phrase, past words a holder chain stops at
        ("головний представник ЄС на переговорах щодо Brexit Мішель Барньє")."""
        rng = self.words.between(sp.end, len(self.text))
        for n, k in enumerate(rng):
            t = self.words.tokens[k]
            if n >= max_words or self._gap_breaks(self.words.tokens[k - 1].end if n else sp.end, t.start):
                return None
            if self.lex.is_verb(t.low) or t.low in self.lex.complementizers:
                return None
            m = self._mention_by_token.get(k)
            if m is not None and m.start == t.start and (not self.typed or m.type in PERSON_TYPES):
                sp2 = Speaker(m.text, m.start, m.end, "name", type=m.type)
                return sp2 if self._person_like(sp2) else None
        return None

    def nearest_name_after(self, pos: int, within: int = 300, gender: str | None = None) -> Speaker | None:
        """The first person-like mention shortly after ``pos`` ("– pridūrė ji.  N. Portman …")."""
        for m in self.antecedents:
            if m.start < pos or (self.typed and m.type not in PERSON_TYPES) or not self._gender_ok(gender, m):
                continue
            if m.start - pos > within:
                return None
            sp = Speaker(m.text, m.start, m.end, "name", type=m.type)
            if self._person_like(sp):
                return sp
        return None
