"""The words of reported speech for one language, read once from ``quotes.toml`` and ``roles.toml``.

Everything language-specific that the quote, speaker and role extractors use lives in those data files;
this module only turns them into lookup tables (lower-cased, apostrophes unified).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from babelwire.languages.resources import Resources


def fold(word: str) -> str:
    """Lookup form of a word: lower case, one apostrophe."""
    return word.lower().replace("’", "'").replace("ʼ", "'").replace("`", "'")


def _words(values: Any) -> frozenset[str]:
    return frozenset(fold(v) for v in values or ())


def _phrases(values: Any) -> tuple[tuple[str, ...], ...]:
    """Multiword phrases as token tuples, longest first."""
    out = {tuple(fold(v).split()) for v in values or () if v.strip()}
    return tuple(sorted(out, key=len, reverse=True))


@dataclass(frozen=True)
class RoleLexicon:
    """Role nouns and titles: token tuple -> language-independent role key."""

    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    broader: dict[str, str] = field(default_factory=dict)
    max_len: int = 1
    groups: frozenset[str] = frozenset()  # plural forms: groups of people, never one person's title
    anonymous: frozenset[str] = frozenset()  # keys that many people hold (spokesperson, official, expert)

    def match(self, words: list[str], i: int) -> tuple[int, str] | None:
        """Longest role phrase starting at ``words[i]``: (number of words, key)."""
        for n in range(min(self.max_len, len(words) - i), 0, -1):
            key = self.phrases.get(tuple(words[i : i + n]))
            if key:
                return n, key
        return None

    def is_anonymous(self, key: str | None) -> bool:
        """True for a role that names one of many people ("a spokesperson", "the diplomat"): without an
        introduced holder it stays the speaker itself instead of becoming some earlier name."""
        return key is None or key in self.anonymous

    def compatible(self, a: str | None, b: str | None) -> bool:
        """True when two role keys can name the same position ("foreign_minister" vs "minister")."""
        if not a or not b:
            return False
        seen_a, seen_b = {a}, {b}
        while a in self.broader and self.broader[a] not in seen_a:
            a = self.broader[a]
            seen_a.add(a)
        while b in self.broader and self.broader[b] not in seen_b:
            b = self.broader[b]
            seen_b.add(b)
        return bool(seen_a & seen_b)


def _endings(values: Any) -> tuple[str, ...]:
    return tuple(sorted({fold(v) for v in values or ()}, key=len, reverse=True))


@dataclass(frozen=True)
class GenderLexicon:
    """What tells a speaker's grammatical gender: pronouns, verb endings that agree with the subject
    (past tense in the Slavic languages, participles in Lithuanian) and name endings (of the lemma)."""

    pronouns: dict[str, str] = field(default_factory=dict)
    verb_endings: tuple[tuple[str, str], ...] = ()
    first_name_endings: tuple[tuple[str, str], ...] = ()
    surname_endings: tuple[tuple[str, str], ...] = ()
    masculine_first_names: frozenset[str] = frozenset()  # first names that end like feminine ones
    role_endings: tuple[tuple[str, str], ...] = ()  # feminine/masculine forms of role nouns ("прем'єрка")
    role_head_last: bool = False  # the role's head noun ends the phrase ("Kremliaus vadovas")

    @staticmethod
    def _by_ending(word: str, table: tuple[tuple[str, str], ...]) -> str | None:
        for ending, gender in table:
            if word.endswith(ending) and len(word) > len(ending):
                return gender
        return None

    def of_role(self, phrase: str) -> str | None:
        """Gender of a role phrase from its head noun, then its other end ("atstovė spaudai")."""
        words = [fold(w) for w in phrase.split()]
        if not words:
            return None
        order = (words[-1], words[0]) if self.role_head_last else (words[0], words[-1])
        for w in order:
            g = self._by_ending(w, self.role_endings)
            if g:
                return g
        return None

    def of_verb(self, word: str) -> str | None:
        return self._by_ending(fold(word), self.verb_endings)

    def _parts(self, name: str) -> list[str]:
        return [fold(p) for p in name.replace(".", ". ").split() if len(p.strip(".")) > 1]

    def of_first_name(self, name: str) -> str | None:
        parts = self._parts(name)
        if len(parts) < 2:
            return None
        if parts[0] in self.masculine_first_names:
            return "m"
        return self._by_ending(parts[0], self.first_name_endings)

    def of_surname(self, name: str) -> str | None:
        parts = self._parts(name)
        return self._by_ending(parts[-1], self.surname_endings) if parts else None

    def of_name(self, lemma: str, text: str | None = None) -> str | None:
        """"f"/"m" from a name's base form: the first name when one is written, else the surname. When the
        written form's first name disagrees with the lemma's (an inflected "Роберта" lemmatised "Роберт"),
        only the surname counts."""
        first = self.of_first_name(lemma)
        if text is not None and first is not None:
            written = self.of_first_name(text)
            if written is not None and written != first:
                return self.of_surname(lemma)
        return first or self.of_surname(lemma)


def _gender(sec: dict[str, Any]) -> GenderLexicon:
    def table(prefix: str) -> tuple[tuple[str, str], ...]:
        rows = [(e, g) for g in ("f", "m") for e in _endings(sec.get(f"{prefix}_{g}"))]
        return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))
    pronouns = {fold(p): g for g in ("f", "m") for p in sec.get(f"pronouns_{g}") or ()}
    return GenderLexicon(pronouns=pronouns, verb_endings=table("verb_endings"),
                         first_name_endings=table("first_name_endings"),
                         surname_endings=table("surname_endings"),
                         masculine_first_names=_words(sec.get("masculine_first_names")),
                         role_endings=table("role_endings"), role_head_last=bool(sec.get("role_head_last")))


@dataclass(frozen=True)
class QuoteLexicon:
    """Reporting verbs, quote marks, source phrases and pronouns of one language."""

    openers: dict[str, str]
    dashes: str
    verbs: frozenset[str]
    infinitive_verbs: frozenset[str]
    infinitive_endings: tuple[str, ...]
    infinitive_markers: frozenset[str]
    complementizers: frozenset[str]
    bare_complement: bool
    according_to: tuple[tuple[str, ...], ...]
    according_to_pronominal: tuple[tuple[str, ...], ...]
    according_to_post: frozenset[str]
    as_words: frozenset[str]
    anaphora: tuple[tuple[str, ...], ...]
    pronouns: frozenset[str]
    self_pronouns: frozenset[str]
    possessive_pronouns: frozenset[str]
    negations: frozenset[str]
    source_nouns: frozenset[str]
    org_nouns: frozenset[str]
    conjunctions: frozenset[str]
    additives: frozenset[str]
    subordinators: frozenset[str]
    adversatives: frozenset[str]
    prepositions: frozenset[str]
    relatives: frozenset[str]
    determiners: frozenset[str]
    nouns_capitalised: bool
    abbreviations: frozenset[str]
    min_words_unattributed: int
    fragments_inside_reported: bool
    roles: RoleLexicon
    gender: GenderLexicon = field(default_factory=GenderLexicon)
    gerund_endings: tuple[str, ...] = ()
    sentence_openers: tuple[tuple[str, ...], ...] = ()  # open a sentence whose full stop was lost
    appeal_verbs: frozenset[str] = frozenset()  # "звернувся до X із проханням …": the verb …
    appeal_nouns: frozenset[str] = frozenset()  # … and the noun whose infinitive or clause is the content
    continued_after_attribution: bool = False  # "Ця тенденція, кажуть експерти, збережеться …" is one report
    channel_nouns: frozenset[str] = frozenset()  # "в інтерв'ю виданню X", "в ефірі X": X is the channel
    impersonal_verbs: frozenset[str] = frozenset()  # "зазначається": a report only with a source of its own
    cite_verbs: frozenset[str] = frozenset()  # "цитує X Y": Y, the one cited, is the speaker
    object_relatives: frozenset[str] = frozenset()  # "яку закликають стратити X": the relative is the object
    morphology: str | None = None  # pymorphy3 language that tells infinitives from plural nouns in "-ти"

    def is_gerund(self, word: str) -> bool:
        """A verb form that takes the subject of its main clause ("…, додавши, що", "adding that")."""
        return any(word.endswith(e) and len(word) > len(e) + 2 for e in self.gerund_endings)

    @property
    def all_verbs(self) -> frozenset[str]:
        return self.verbs | self.infinitive_verbs

    def is_verb(self, word: str) -> bool:
        return word in self.verbs or word in self.infinitive_verbs

    def is_infinitive(self, word: str) -> bool:
        """An infinitive by its ending; where a dictionary is given, a known word must parse as one
        ("депутати", "ісламісти" end like "стратити" but are nouns)."""
        if not any(word.endswith(e) and len(word) > len(e) + 1 for e in self.infinitive_endings):
            return False
        return self.morphology is None or _dictionary_infinitive(self.morphology, word)

    def surname_gender(self, word: str) -> str | None:
        """"m"/"f" where the dictionary reads a capitalised ``word`` as a person's name in the nominative
        ("Кулеба", "Пєсков"); None elsewhere, and always without a dictionary."""
        return None if self.morphology is None else _dictionary_surname(self.morphology, word)

    def may_be_subject(self, word: str) -> bool:
        """False only where the dictionary knows ``word`` and has no nominative reading ("Україні")."""
        return self.morphology is None or _dictionary_nominative(self.morphology, word)

    @property
    def marks(self) -> str:
        return "".join(sorted(set(self.openers) | {c for v in self.openers.values() for c in v}))


@cache
def _dictionary_infinitive(lang: str, word: str) -> bool:
    """True unless the dictionary knows ``word`` and has no verb reading of it (the Ukrainian dictionary
    tags many infinitives as plain "VERB": "відкликати")."""
    from babelwire.languages.morph_pymorphy import analyzer

    parses = [p for p in analyzer(lang).parse(word) if p.is_known]
    return not parses or any(p.tag.POS in ("VERB", "INFN") for p in parses)


@cache
def _dictionary_surname(lang: str, word: str) -> str | None:
    from babelwire.languages.morph_pymorphy import analyzer

    parses = [p for p in analyzer(lang).parse(word) if p.is_known]
    tags = [str(p.tag) for p in parses]
    if not tags or not all(("Surn" in t or "Name" in t) and "nomn" in t for t in tags[:1]):
        return None
    return "f" if "femn" in tags[0] else "m" if "masc" in tags[0] else None


@cache
def _dictionary_nominative(lang: str, word: str) -> bool:
    from babelwire.languages.morph_pymorphy import analyzer

    parses = [p for p in analyzer(lang).parse(word) if p.is_known]
    return not parses or any("nomn" in str(p.tag) for p in parses)


def role_lexicon(resources: Resources) -> RoleLexicon:
    """The role nouns of a language (``roles.toml``), with the shared key hierarchy."""
    return _role_lexicon(resources)


@cache
def _role_lexicon(resources: Resources) -> RoleLexicon:
    sec = resources.section("roles")
    phrases: dict[tuple[str, ...], str] = {}
    for key, forms in (sec.get("roles") or {}).items():
        for form in forms:
            toks = tuple(fold(form).split())
            if toks:
                phrases.setdefault(toks, key)
    groups = frozenset(fold(f) for forms in (sec.get("groups") or {}).values() for f in forms)
    return RoleLexicon(phrases=phrases, broader=dict(sec.get("broader") or {}),
                       max_len=max((len(p) for p in phrases), default=1), groups=groups,
                       anonymous=frozenset(sec.get("anonymous") or ()))


def quote_lexicon(resources: Resources) -> QuoteLexicon:
    """The reported-speech lexicon of a language (``quotes.toml`` merged over the common one)."""
    return _quote_lexicon(resources)


@cache
def _quote_lexicon(resources: Resources) -> QuoteLexicon:
    sec = resources.section("quotes")
    openers: dict[str, str] = {}
    for pair in sec.get("pairs") or ():
        openers[pair[0]] = openers.get(pair[0], "") + pair[1]
    return QuoteLexicon(
        openers=openers,
        dashes=sec.get("dashes", "-–—"),
        verbs=_words(sec.get("verbs")),
        infinitive_verbs=_words(sec.get("infinitive_verbs")),
        infinitive_endings=tuple(sec.get("infinitive_endings") or ()),
        infinitive_markers=_words(sec.get("infinitive_markers")),
        complementizers=_words(sec.get("complementizers")),
        bare_complement=bool(sec.get("bare_complement", False)),
        according_to=_phrases(sec.get("according_to")),
        according_to_pronominal=_phrases(sec.get("according_to_pronominal")),
        according_to_post=_words(sec.get("according_to_post")),
        as_words=_words(sec.get("as_words")),
        anaphora=_phrases(sec.get("anaphora")),
        pronouns=_words(sec.get("pronouns")),
        self_pronouns=_words(sec.get("self_pronouns")),
        possessive_pronouns=_words(sec.get("possessive_pronouns")),
        negations=_words(sec.get("negations")),
        source_nouns=_words(sec.get("source_nouns")),
        org_nouns=_words(sec.get("org_nouns")),
        conjunctions=_words(sec.get("conjunctions")),
        additives=_words(sec.get("additives")),
        subordinators=_words(sec.get("subordinators")),
        adversatives=_words(sec.get("adversatives")),
        prepositions=_words(sec.get("prepositions")),
        relatives=_words(sec.get("relatives")),
        determiners=_words(sec.get("determiners")),
        nouns_capitalised=bool(sec.get("nouns_capitalised", False)),
        abbreviations=_words(sec.get("abbreviations")),
        min_words_unattributed=int(sec.get("min_words_unattributed", 5)),
        fragments_inside_reported=bool(sec.get("fragments_inside_reported", False)),
        roles=role_lexicon(resources),
        gender=_gender(sec.get("gender") or {}),
        gerund_endings=_endings(sec.get("gerund_endings")),
        sentence_openers=_phrases(sec.get("sentence_openers")),
        appeal_verbs=_words(sec.get("appeal_verbs")),
        appeal_nouns=_words(sec.get("appeal_nouns")),
        continued_after_attribution=bool(sec.get("continued_after_attribution", False)),
        channel_nouns=_words(sec.get("channel_nouns")),
        morphology=sec.get("morphology"),
        object_relatives=_words(sec.get("object_relatives")),
        cite_verbs=_words(sec.get("cite_verbs")),
        impersonal_verbs=_words(sec.get("impersonal_verbs")),
    )
