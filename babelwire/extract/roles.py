"""Roles and titles attached to person mentions.

"речник президента Володимира Путіна Дмитро Пєсков", "Venezuelan President Nicolás Maduro",
"Kremliaus atstovas Dmitrijus Peskovas", "Lietuvos prezidentas G. Nausėda", "Peskov, the Kremlin spokesman":
a role noun from the language's ``roles.toml`` (in any grammatical form), its modifiers, and the person
mention it belongs to. The role key ("spokesperson", "president", "head_of_state" …) is language independent.
"""

from __future__ import annotations

from babelwire.extract.context import ArticleText
from babelwire.extract.quotes_lexicon import QuoteLexicon, quote_lexicon
from babelwire.extract.quotes_text import Words
from babelwire.model import Mention, Role

_MAX_GAP_WORDS = 4  # words (genitive modifiers: "президента", "Europos Komisijos") between role and holder


def _persons(entities: tuple[Mention, ...]) -> list[Mention]:
    """Mentions that can hold a role: persons when the recogniser types them, else any mention."""
    typed = any(m.type != "MISC" for m in entities)
    return sorted((m for m in entities if not typed or m.type == "PER"), key=lambda m: m.start)


def _acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class _RoleFinder:
    def __init__(self, doc: ArticleText, entities: tuple[Mention, ...], lex: QuoteLexicon) -> None:
        self.doc, self.text, self.lex = doc, doc.text, lex
        self.words = Words(doc.text)
        self.persons = [m for m in _persons(entities) if not _acronym(m.text)]
        self.any_mention = sorted(entities, key=lambda m: m.start)

    def _clean_gap(self, a: int, b: int) -> bool:
        gap = self.text[a:b]
        return "\n" not in gap and not any(c in ",.;:!?()[]" for c in gap)

    def _holder_after(self, end: int, first_only: bool = False) -> Mention | None:
        """The last person in an unbroken chain after the role ("речник президента В. Путіна Д. Пєсков"),
        or the first one for a role word inside another role's phrase ("президента" -> В. Путіна)."""
        best = None
        words = 0
        pos = end
        for m in self.persons:
            if m.start < end:
                continue
            comma_both_sides = self.text[pos : m.start].strip() == "," and self.text[m.end : m.end + 1] == ","
            if best is None and comma_both_sides:
                return m  # "El portavoz del Kremlin, Dmitri Peskov, dijo …"
            if not self._clean_gap(pos, m.start):
                break
            gap_words = len(self.words.between(pos, m.start))
            if best is None:
                if gap_words > _MAX_GAP_WORDS:
                    break
            elif gap_words > 0:
                break
            words += gap_words
            best, pos = m, m.end
            if first_only:
                break
        return best

    def _holder_before(self, start: int) -> Mention | None:
        """Apposition: "Dmitry Peskov, the Kremlin spokesman" (person, comma, role)."""
        before = self.text[:start].rstrip()
        lead = before.rstrip().removesuffix("the").removesuffix("a").rstrip()
        if not lead.endswith(","):
            return None
        comma = len(lead) - 1
        for m in reversed(self.persons):
            if m.end <= comma:
                return m if not self.text[m.end : comma].strip() else None
        return None

    def _inside_mention(self, start: int, end: int) -> Mention | None:
        for m in self.any_mention:
            if m.start <= start and end < m.end:
                return m
        return None

    def _modifier_start(self, start: int) -> int:
        """Include one capitalised modifier before the role ("Venezuelan President")."""
        k = self.words.index_at(start) - 1
        if k < 0:
            return start
        t = self.words.tokens[k]
        if t.capitalised and self._clean_gap(t.end, start) and len(self.text[t.end : start]) <= 2 \
                and not self.lex.is_verb(t.low) and t.low not in self.lex.prepositions:
            return t.start
        return start

    def find(self) -> list[Role]:
        out: list[Role] = []
        lows, toks = self.words.lows, self.words.tokens
        i = 0
        outer_end = -1  # end of the previous role phrase: a role word inside it is its modifier
        while i < len(toks):
            hit = self.lex.roles.match(lows, i)
            if not hit:
                i += 1
                continue
            n, key = hit
            r_start, r_end = toks[i].start, toks[i + n - 1].end
            i += n
            if self.doc.in_furniture(r_start, r_end):
                continue
            holder_span = None
            inside = self._inside_mention(r_start, r_end)
            if inside is not None:  # "Venezuelan President Nicolás Maduro" tagged as one mention
                rest = self.words.between(r_end, inside.end)
                if rest:
                    holder_span = (toks[rest.start].start, inside.end)
                    r_start = inside.start
            if holder_span is None:
                holder = self._holder_after(r_end, first_only=r_start < outer_end)
                if holder is not None:
                    holder_span = (holder.start, holder.end)
                    r_end_text = holder.start
                    while r_end_text > r_end and self.text[r_end_text - 1] in " \t\"“”„«»":
                        r_end_text -= 1
                    r_end = r_end_text
                    r_start = self._modifier_start(r_start)
                else:
                    holder = self._holder_before(r_start)
                    if holder is not None:
                        holder_span = (holder.start, holder.end)
            if holder_span is None:
                continue
            outer_end = max(outer_end, r_end)
            out.append(Role(start=r_start, end=r_end, text=self.text[r_start:r_end], key=key,
                            holder_start=holder_span[0], holder_end=holder_span[1]))
        return out


def extract_roles(doc: ArticleText, entities: tuple[Mention, ...]) -> tuple[Role, ...]:
    """Role phrases attached to person mentions, outside furniture."""
    lex = quote_lexicon(doc.resources)
    if not lex.roles.phrases or not entities:
        return ()
    roles = _RoleFinder(doc, entities, lex).find()
    out, seen = [], set()
    for r in roles:
        if (r.start, r.holder_start) in seen:
            continue
        seen.add((r.start, r.holder_start))
        out.append(r)
    return tuple(out)
