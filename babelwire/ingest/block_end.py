"""Where a run of headlines, a caption or a credit ends inside flattened text.

Pages flattened to plain text keep furniture inside paragraphs with no punctuation around it:

    … nuo sausio. Susiję straipsniai: Rusijai – pasiūlymas iš Ukrainos karinio laivyno vado Prieš rinkimus
    ES aktyviau kovos su melagingomis naujienomis N. Maduro sakė V. Putinui esąs tikras, kad …

No library segments this, so the rule is written here, in three steps:

1. Headlines carry no final period, so the block lies before the first sentence end after the marker.
   Inside that chunk, every capitalised word that follows a word with no punctuation (and that is not a
   function word like "iš", "до", "of") is a *candidate* start of a new segment. A candidate is *strong*
   when the word is a common word (seen lower-case elsewhere in the text, or a function word): a
   capitalised common word cannot sit inside a sentence, so the article resumes at the last strong
   candidate or after it; other candidates (names, initials, acronyms) are *weak*; a weak split must
   not leave a comma in the headline ("…, że stanowisko | Niemiec" is one sentence). A word never seen
   lower-case in the text is still common when simplemma's dictionary of the guessed language knows it
   with a lower-case lemma ("Напередодні") and the text never writes it capitalised mid-sentence.
2. A headline has at least :data:`MIN_HEADLINE` words, so a split that would leave a shorter headline
   is not taken (this keeps "У турецькій Анталії" and "N. Maduro sakė V. Putinui" whole); a weak split
   must follow a lower-case word (a run of capitalised words, "SpaceX Гвінн Шотуелл", stays whole).
3. Among the splits left, the article resumes where the words start to be the article's own words:
   related headlines are about *other* stories, so their words are rare in the rest of the article,
   while the resumed sentence shares its names and terms. The split with the best agreement wins
   (a change point on "word seen elsewhere in the article"); ties go to the earlier split, so that less
   of the article is marked.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import simplemma

MIN_HEADLINE = 5  # words in the shortest headline we split off (related headlines are full headlines)
MAX_HEADLINE_TOKENS = 24  # a run with no sentence end this long is not one headline
MAX_PERIOD_HEADLINE_TOKENS = 7  # a headline that ends with "." is short ("Причини землетрусу в Туреччині.")
MAX_CREDIT_TOKENS = 6  # "Faisal Mahmood | Zdroj: Reuters", "George Hodan / publicdomainpictures.net"
STRONG_PRIOR = 1.0  # the last strong candidate is where the article most often resumes

_OPENERS = "\"'«„“‘‚(「[¿¡—–-"
_CLOSERS = "\"'»“”’)]」"
_TERMINAL = ".!?…"
_TOKEN = re.compile(r"\S+")
_INITIAL = re.compile(r"^\W*(?:[^\W\d_][^\W\d_]?\.)+$")  # "N.", "K.M.", "Ch.", "Дж." (see is_initial)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    core: str  # without surrounding quotes, brackets and punctuation
    letters: int  # letters in core

    @property
    def capitalised(self) -> bool:
        first = next((c for c in self.text if c.isalpha()), "")
        return bool(first) and first.isupper() and self.text.lstrip(_OPENERS)[:1].isalpha()

    @property
    def lowercase(self) -> bool:
        first = next((c for c in self.text if c.isalnum()), "")
        return bool(first) and first.islower()

    @property
    def ends_clean(self) -> bool:
        """Ends with a letter, digit or closing quote: no punctuation after it."""
        last = self.text[-1]
        return last.isalnum() or (last in _CLOSERS and self.text.rstrip(_CLOSERS)[-1:].isalnum())


_STRIP = _OPENERS + _CLOSERS + ".,;:!?…"


def tokenize(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        core = m.group().strip(_STRIP)
        out.append(Token(m.start(), m.end(), m.group(), core, len(core) if core.isalpha() else
                         sum(c.isalpha() for c in core)))
    return out


def _prefix(word: str) -> str:
    return word.lower()[:5]


@lru_cache(maxsize=8192)
def _lemma(word: str, lang: str) -> str:
    try:
        return simplemma.lemmatize(word, lang=lang)
    except (ValueError, KeyError):  # a language simplemma does not have
        return word


@lru_cache(maxsize=8192)
def _known(word: str, lang: str) -> bool:
    try:
        return simplemma.is_known(word, lang=lang)
    except (ValueError, KeyError):
        return False


@lru_cache(maxsize=4096)
def _dictionary_common(word: str, lang: str) -> bool:
    """simplemma knows ``word`` as a common word (lower-case lemma) of ``lang``."""
    lower = word.lower()
    try:
        if not simplemma.is_known(lower, lang=lang):
            return False
        return simplemma.lemmatize(lower, lang=lang)[:1].islower()
    except (ValueError, KeyError):  # a language simplemma does not have
        return False


class TokenStream:
    """The tokens of one text, with the vocabulary that the segmentation rules consult."""

    def __init__(self, text: str, tokens: list[Token], abbreviations: frozenset[str],
                 joining: frozenset[str], lang: str = "und") -> None:
        self.text = text
        self.lang = lang
        self.tokens = tokens
        self.starts = [t.start for t in tokens]
        self.abbreviations = abbreviations
        self.joining = joining
        self.lower_words = {t.core.lower() for t in tokens if t.lowercase}
        self.prefixes = Counter(_prefix(t.core) for t in tokens if self._informative(t))
        # words written capitalised mid-sentence somewhere are names ("sakė V. Putinui")
        self.name_prefixes = Counter(_prefix(t.core) for i, t in enumerate(tokens)
                                     if i > 0 and t.capitalised and not self._sentence_start(i))

    # -- token tests -------------------------------------------------------------------------
    @staticmethod
    def _informative(tok: Token) -> bool:
        return tok.letters >= 4

    def _sentence_start(self, k: int) -> bool:
        prev = self.tokens[k - 1].text.rstrip(_CLOSERS)
        return self._newline_before(k) or (prev[-1:] in _TERMINAL and not self.is_initial(prev))

    def index_at(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        return bisect_left(self.starts, pos)

    def _newline_before(self, k: int) -> bool:
        return k > 0 and "\n" in self.text[self.tokens[k - 1].end:self.tokens[k].start]

    @staticmethod
    def is_initial(text: str) -> bool:
        """An initial of a first name: "N.", "K.M.", "Ch.", "Дж." (upper-case first letter)."""
        bare = text.lstrip(_OPENERS)
        if not _INITIAL.match(bare):
            return False
        parts = bare[:-1].split(".")
        return all(p[:1].isupper() and (len(p) == 1 or p[1].islower()) for p in parts)  # not "EU."

    def is_terminator(self, k: int) -> bool:
        """Token ``k`` ends a sentence (not an initial like "N." or an abbreviation like "mln.")."""
        tok = self.tokens[k]
        bare = tok.text.rstrip(_CLOSERS)
        if not bare or bare[-1] not in _TERMINAL:
            return False
        nxt = self.tokens[k + 1] if k + 1 < len(self.tokens) else None
        if nxt is not None and nxt.lowercase:
            return False
        return not (bare[-1] == "." and (self.is_initial(bare)
                                         or bare.lstrip(_OPENERS).lower() in self.abbreviations))

    def is_candidate(self, k: int) -> bool:
        """Token ``k`` may start a new headline or sentence with no punctuation before it."""
        if k == 0:
            return False
        if self._newline_before(k):
            return True
        prev, tok = self.tokens[k - 1], self.tokens[k]
        if not (tok.capitalised and prev.ends_clean):
            return False
        word = prev.core.lower()
        return word not in self.joining and _lemma(word, self.lang).lower() not in self.joining

    def is_strong(self, k: int) -> bool:
        """A candidate that cannot be inside a sentence: a capitalised common word, or a new line."""
        tok = self.tokens[k]
        core = tok.core.lower()
        if self._newline_before(k) or core in self.lower_words or core in self.joining:
            return True
        if self.name_prefixes[_prefix(core)] > (0 if self._sentence_start(k) else 1):
            return False
        # after a capitalised word it may be the second half of a name ("Andrzeja Dudy"): no dictionary
        return self.tokens[k - 1].lowercase and _dictionary_common(tok.core, self.lang)

    def _inflected(self, k: int) -> bool:
        """The word is a known inflected form (its lemma differs), so it rarely opens a sentence."""
        core = self.tokens[k].core
        if len(core) < 3 or not core.isalpha():
            return False
        lemma = _lemma(core, self.lang)
        return lemma.lower() != core.lower() and _known(core, self.lang)

    # -- block ends --------------------------------------------------------------------------
    def block_end(self, start: int, stop: int) -> int:
        """Where the article resumes after a block whose text starts at ``start`` (at most ``stop``)."""
        first_i, end_i = self.index_at(start), self.index_at(stop)
        pos_i, first = first_i, True
        limit = MAX_HEADLINE_TOKENS
        while pos_i < end_i:
            term = next((k for k in range(pos_i, end_i) if self.is_terminator(k)), None)
            if term is None:  # no sentence ends before the line (or the next marker) does: all headlines
                if first or end_i - pos_i <= MAX_HEADLINE_TOKENS:
                    return self.tokens[end_i - 1].end
                return self.tokens[pos_i].start
            split = self._resume_at(pos_i, term, first_i)
            if split is not None:
                return self.tokens[split].start
            if self.tokens[term].text.rstrip(_CLOSERS)[-1:] == ".":
                limit = MAX_PERIOD_HEADLINE_TOKENS
            if first and term + 1 - pos_i <= limit:
                # a headline that ends with "." or "?" ("Причини землетрусу в Туреччині."): go on, but
                # only a chunk that splits or never ends in a sentence may follow it
                first, pos_i = False, term + 1
                continue
            return self.tokens[pos_i].start if not first else start
        return self.tokens[end_i - 1].end if end_i > first_i else start

    def _resume_at(self, a: int, term: int, block_start: int) -> int | None:
        """Token index in ``a..term`` where the sentence that ends at ``term`` starts, if it is not ``a``
        (``block_start`` < ``a`` when a headline with a period inside runs on into this chunk)."""
        cands = [j for j in range(a + 1, term) if self.is_candidate(j)]
        strong = [j for j in cands if self.is_strong(j)]
        last_strong = strong[-1] if strong else None
        allowed = []
        for j in cands:
            if last_strong is not None and j < last_strong:
                continue  # a capitalised common word cannot be inside the resumed sentence
            if j == last_strong:
                if j - block_start >= 2:  # title case ("How Ukraine and the World Reacted") has many strong
                    allowed.append(j)
                continue
            elif not self.tokens[j - 1].lowercase:
                continue  # never split a run of capitalised words ("SpaceX | Гвінн Шотуелл")
            elif self._inflected(j):
                continue  # "у ресторані | Белфаста": a name in an oblique case continues its phrase
            else:
                head = last_strong if last_strong is not None else block_start
                if any(self.tokens[k].text[-1] in ",;" for k in range(head, j)):
                    continue  # a name after a clause with commas is inside the sentence, not after it
            if j - head >= MIN_HEADLINE:
                allowed.append(j)
        if not allowed:
            return None
        inside = Counter(_prefix(self.tokens[k].core) for k in range(a, term + 1)
                         if self._informative(self.tokens[k]))
        seen = [self._informative(tok) and self.prefixes[_prefix(tok.core)] > inside[_prefix(tok.core)]
                for tok in self.tokens[a:term + 1]]
        fresh = [self._informative(self.tokens[k]) and not s
                 for k, s in zip(range(a, term + 1), seen, strict=True)]

        def score(j: int) -> float:
            cut = j - a
            return sum(fresh[:cut]) + sum(seen[cut:]) + (STRONG_PRIOR if j == last_strong else 0.0)

        return max(allowed, key=lambda j: (score(j), -j))

    # -- credits -----------------------------------------------------------------------------
    def credit_end(self, start: int, stop: int) -> int:
        """End of a short credit after its marker ("Автор фото, ФК МИНАЙ", "Фото: Getty Images")."""
        i, end_i = self.index_at(start), self.index_at(stop)
        run: list[int] = []
        for k in range(i, end_i):
            tok = self.tokens[k]
            joined = bool(run) and self.tokens[run[-1]].text[-1] in "/|:"
            if run and not joined and self.is_candidate(k) and self.is_strong(k):
                break
            if run and not joined and tok.lowercase:
                if len(run) >= 2 and self.tokens[run[-1]].capitalised:
                    run.pop()  # "Фото: EPA Депутати проголосували": the sentence began one word back
                break
            run.append(k)
            if len(run) >= MAX_CREDIT_TOKENS:
                break
            if tok.text[-1] in ".,;" and not self.is_initial(tok.text):
                nxt = self.tokens[k + 1] if k + 1 < end_i else None
                if tok.text[-1] != "," or nxt is None or not ("/" in nxt.text or nxt.core.isupper()):
                    break  # "Muhammad Sajjad, ČTK/AP" goes on after the comma; a sentence does not
        return self.tokens[run[-1]].end if run else start

    def credit_start(self, pos: int) -> int:
        """Start of a credit that ends with its marker ("Reuters/Scanpix nuotr."), the marker at ``pos``."""
        k = self.index_at(pos) - 1
        if k < 0:
            return pos
        tok = self.tokens[k]
        if not (tok.capitalised or "/" in tok.text) or tok.text[-1] in ".,;:!?":
            return pos
        start = tok.start
        if k >= 1:
            prev = self.tokens[k - 1]
            if (prev.core.isupper() or "/" in prev.text) and prev.text[-1] not in ".,;:!?":
                start = prev.start
        return start


def block_end(stream: TokenStream, start: int, stop: int) -> int:
    """Where the article resumes after the block whose text starts at ``start`` (see module doc)."""
    return stream.block_end(start, stop)
