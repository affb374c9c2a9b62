"""Linking mentions to canonical entities across articles, languages and scripts (corpus level, incremental).

How a mention finds its entity (every step is a hash lookup, so the cost per mention does not grow with the
corpus):

1. **Same article** — a one-word mention that is the surname of a person named in this article joins that
   person, whatever type the recogniser gave it ("Мадуро" tagged LOC next to "Ніколас Мадуро").
2. **Known entities** — the gazetteer (countries and big cities from CLDR / rigour / GeoNames, and the curated
   ``link/data/aliases.toml``: "JAV" = "США" = "Jungtinės Valstijos" = Q30) by the romanised key of the
   lemma, then of the surface form. A person mention matches a known person; across kinds only on an exact
   key ("Кремль" tagged PER is still the Kremlin).
3. **Persons** — the surname key (romanised, folded, language endings stripped: "Peskovas" = "Пєсков") finds
   candidate entities; a candidate is kept only when the given names agree: initials must match the first
   letter of a known given name, full given names must be spelling variants of each other ("Volodymyr" ~
   "Vladimir"); a mention with no given name joins the most mentioned candidate. So "N. Maduro",
   "Nicolás Maduro" and "Мадуро" are one entity, while "John Smith" and "Owen Smith" stay two.
4. **Other names** — the whole-name keys (as written, endings stripped, loose) among entities of any
   non-person type (metonymy: a country tagged ORG is still the country).
5. **Spelling stems** — a one-word name whose key is a case form or derivation of a known one ("Gazpromom",
   "Trumpova"), a demonym of a country ("Rosjanie" → Russia), or the given name of a person of this
   article ("Hillary").
6. Otherwise a new entity. Afterwards, inside the article, an acronym joins the one multi-word name with
   those initials ("TVF" = "Tarptautinis valiutos fondas").

Inside one article the fullest mentions are linked first, so "Путіним" finds "Володимира Путіна".
When later evidence shows two entities are one (a surname-only entity that is a known person, an acronym),
they are merged; ids handed out before keep resolving to the merged entity through
:meth:`EntityLinker.resolve`, and :meth:`EntityLinker.relink` re-resolves a whole batch at the end of a run.

**Canonical name** (display): the gazetteer's name when the entity is known ("Vladimir Putin", "Venezuela");
otherwise the fullest form (most words, full given names before initials, then most mentioned) in the Latin
script from a language that writes foreign names unchanged (en, de, es …); else the ICU romanisation of the
fullest form in another script ("Дмитро Пєсков" → "Dmitro Peskov") unless a Latin-script form from a declining
language is fuller; else that form as written ("Remigijus Kančys"). All-lower-case forms get capitals.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import regex

from babelwire.languages.gazetteer import KnownEntity, gazetteer, loose_key
from babelwire.languages.lemmas import lemmatize_name
from babelwire.languages.resources import resources_for
from babelwire.languages.translit import ascii_name
from babelwire.link.names import PersonName, given_compatible, name_keys, person_name
from babelwire.model import Analysis, Entity, Mention

_LATIN = regex.compile(r"\p{Latin}")
_OTHER_SCRIPT = regex.compile(r"[\p{Cyrillic}\p{Greek}\p{Arabic}\p{Hebrew}\p{Han}]")
_INITIAL = regex.compile(r"(?:^|\s)\p{Lu}\p{Ll}{0,2}\.")
_QUOTES = regex.compile(r"[\"«»„“”‚‹›]")
STATE_VERSION = 2
STEM = 5  # one-word names that agree on their first STEM letters may be case forms of each other


@dataclass
class _Entity:
    """Everything the linker remembers about one entity (JSON round-trip via ``to_json``)."""

    id: str
    type: str
    gid: str | None = None  # gazetteer id (QID, geonames:…, bw:…)
    canonical: str | None = None  # fixed display name (from the gazetteer)
    aliases: Counter = field(default_factory=Counter)  # lemma -> mentions
    langs: Counter = field(default_factory=Counter)  # language -> mentions
    alias_langs: dict = field(default_factory=dict)  # lemma -> first language seen
    given: set = field(default_factory=set)  # given-name keys (persons)
    letters: set = field(default_factory=set)  # first letters of given names and initials
    surnames: set = field(default_factory=set)
    keys: set = field(default_factory=set)
    seq: int = 0  # creation order: index lists are kept in this order, so a reloaded linker decides alike

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "seq": self.seq, "type": self.type, "gid": self.gid,
                "canonical": self.canonical,
                "aliases": dict(self.aliases), "langs": dict(self.langs), "alias_langs": self.alias_langs,
                "given": sorted(self.given), "letters": sorted(self.letters),
                "surnames": sorted(self.surnames),
                "keys": sorted(self.keys)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> _Entity:
        return cls(id=d["id"], type=d["type"], gid=d.get("gid"), canonical=d.get("canonical"),
                   aliases=Counter(d.get("aliases", {})), langs=Counter(d.get("langs", {})),
                   alias_langs=dict(d.get("alias_langs", {})), given=set(d.get("given", ())),
                   letters=set(d.get("letters", ())), surnames=set(d.get("surnames", ())),
                   keys=set(d.get("keys", ())), seq=int(d.get("seq", 0)))


def _is_person(type_: str) -> bool:
    return type_ == "PER"


class EntityLinker:
    """Assigns ``entity_id`` and ``canonical`` to every mention; remembers entities across calls.

    State is kept as items (see :meth:`take_changes`): ``"e:<id>"`` -> an entity, ``"m:<old id>"`` -> the
    id it was merged into, ``"v"`` -> the format version. ``EntityLinker(items)`` resumes from them; a
    whole-state dict of :meth:`state` (the format before items) is read too, and then every item counts
    as changed, so the first :meth:`take_changes` migrates it.
    """

    def __init__(self, state: dict[str, Any] | None = None) -> None:
        state = state or {}
        self._entities: dict[str, _Entity] = {}
        self._merged: dict[str, str] = {}
        self._by_gid: dict[str, str] = {}
        self._by_key: dict[str, list[str]] = {}
        self._by_surname: dict[str, list[str]] = {}
        self._by_stem: dict[str, list[tuple[str, str]]] = {}  # first 5 letters -> (one-word key, entity)
        self._next_seq = 0
        self._dirty: dict[str, None] = {}  # item keys changed since take_changes (ordered)
        self._deleted: set[str] = set()
        if state.get("v") == STATE_VERSION:  # items
            self._merged = {k[2:]: v for k, v in state.items() if k.startswith("m:")}
            loaded = sorted((_Entity.from_json(v) for k, v in state.items() if k.startswith("e:")),
                            key=lambda e: e.seq)
            self._next_seq = loaded[-1].seq + 1 if loaded else 0
            for e in loaded:
                self._index(e)
            self._dirty.clear()
        elif state.get("version") == STATE_VERSION:  # one whole-state dict
            self._merged = dict(state.get("merged", {}))
            for d in state.get("entities", []):
                e = _Entity.from_json(d)
                e.seq = max(e.seq, self._next_seq)  # states from before ``seq``: their order
                self._next_seq = e.seq + 1
                self._index(e)
            self._dirty.update(dict.fromkeys("m:" + old for old in self._merged))
        self._gaz = gazetteer()
        self._gaz_people: dict[str, list[str]] | None = None

    @classmethod
    def from_items(cls, items: dict[str, Any]) -> EntityLinker:
        """A linker resumed from the items :meth:`take_changes` handed out (all of them, merged)."""
        return cls(items)

    # ------------------------------------------------------------------ public interface
    def link(self, analysis: Analysis) -> Analysis:
        """The analysis with every mention (and quote speaker, role holder) linked."""
        lang = analysis.lang
        order = sorted(range(len(analysis.entities)), key=lambda i: (-_fullness(analysis.entities[i]), i))
        ids: dict[int, str] = {}
        local_given: dict[str, str] = {}  # given-name key -> entity of a person named in full here
        local_surname: dict[str, str] = {}
        for i in order:
            m = analysis.entities[i]
            ids[i] = self._link_one(m, lang, local_given, local_surname)
        _link_acronyms(analysis.entities, ids, self, lang)
        return self.resolve(analysis.with_(entities=tuple(
            Mention(**{**m.to_dict(), "entity_id": ids[i]}) for i, m in enumerate(analysis.entities))))

    def resolve(self, analysis: Analysis) -> Analysis:
        """``analysis`` with its entity ids mapped to the current (possibly merged) entities and canonical
        names, quote speakers and role holders filled from the mentions at their spans."""
        mentions = []
        for m in analysis.entities:
            eid = self._find(m.entity_id) if m.entity_id else None
            mentions.append(Mention(**{**m.to_dict(), "entity_id": eid, "canonical": self.canonical(eid)}))
        by_span = {(m.start, m.end): m.entity_id for m in mentions}
        quotes = tuple(
            q.__class__(**{**q.to_dict(), "speaker_entity_id": by_span.get((q.speaker_start, q.speaker_end))})
            for q in analysis.quotes
        )
        roles = tuple(
            r.__class__(**{**r.to_dict(), "entity_id": by_span.get((r.holder_start, r.holder_end))})
            for r in analysis.roles
        )
        return analysis.with_(entities=tuple(mentions), quotes=quotes, roles=roles)

    def relink(self, analyses: list[Analysis]) -> list[Analysis]:
        """Batch pass at the end of a run: every analysis re-resolved against the final entities, so mentions
        linked before a later merge carry the merged id and the final canonical name."""
        return [self.resolve(a) for a in analyses]

    def canonical(self, entity_id: str | None) -> str | None:
        e = self._entities.get(self._find(entity_id)) if entity_id else None
        return _canonical(e) if e is not None else None

    def entities(self, ids: set[str] | None = None) -> list[Entity]:
        """All entities, or those with the given ids (after merges)."""
        out = []
        chosen = (
            self._entities.values()
            if ids is None
            else [self._entities[i] for i in {self._find(x) for x in ids} if i in self._entities]
        )
        for e in chosen:
            gaz = self._gaz.entries.get(e.gid) if e.gid else None
            out.append(Entity(id=e.id, canonical=_canonical(e), type=e.type,
                              aliases=tuple(sorted(e.aliases)), languages=tuple(sorted(e.langs)),
                              qid=gaz.qid if gaz is not None else None,
                              mention_count=sum(e.aliases.values())))
        return out

    def language_counts(self, entity_id: str) -> dict[str, int]:
        """Mentions of the entity per language (for ``babelwire entities``)."""
        e = self._entities.get(self._find(entity_id))
        return dict(e.langs) if e is not None else {}

    def find(self, name: str, lang: str = "und") -> list[Entity]:
        """Entities a name (any language, script or case) may refer to, most mentioned first (for
        ``babelwire entity NAME``): by known-entity id, whole-name keys and person surname keys."""
        ids: list[str] = []
        res = resources_for(lang)
        forms = dict.fromkeys((name, lemmatize_name(name, "LOC", res), lemmatize_name(name, "PER", res)))
        for form in forms:
            g = self._gaz.lookup(form)
            if g is not None and g.id in self._by_gid:
                ids.append(self._by_gid[g.id])
            for k in name_keys(form, lang):
                ids.extend(self._by_key.get(k, ()))
            p = person_name(form, lang)
            if p.surname:
                ids.extend(e.id for e in self._candidates({p.surname})
                           if _is_person(e.type) and _person_compatible(p, e.given, e.letters))
        return sorted(self.entities(set(ids)), key=lambda e: -e.mention_count)

    def merges(self) -> dict[str, str]:
        """Entity ids merged into others (old id -> id it resolves to now), in the order they happened."""
        return {old: self._find(old) for old in self._merged}

    def state(self) -> dict[str, Any]:
        """The whole state as one dict (for analysis runs and tests; stores keep items)."""
        return {"version": STATE_VERSION, "merged": dict(self._merged),
                "entities": [e.to_json() for e in self._entities.values()]}

    def take_changes(self) -> tuple[dict[str, Any], set[str]]:
        """State items changed since the last call (key -> JSON value) and item keys deleted since.

        Merges map to the id they resolve to now, so they can be applied in any order."""
        changed: dict[str, Any] = {"v": STATE_VERSION} if self._dirty or self._deleted else {}
        for key in self._dirty:
            if key.startswith("e:"):
                changed[key] = self._entities[key[2:]].to_json()
            else:
                eid = key[2:]
                while eid in self._merged:  # no path compression here: it would dirty more items
                    eid = self._merged[eid]
                changed[key] = eid
        deleted = self._deleted
        self._dirty, self._deleted = {}, set()
        return changed, deleted

    # ------------------------------------------------------------------ linking
    def _link_one(self, m: Mention, lang: str, local_given: dict[str, str],
                  local_surname: dict[str, str]) -> str:
        lemma = " ".join((m.lemma or m.text).split())
        person = _is_person(m.type)
        pname = person_name(lemma, lang) if person else None
        if pname is not None and any(loose_key(g) in local_surname for g in pname.given):
            # "Мадуро Путін": two people's names run together; only the last one is this mention's
            pname = PersonName((), (), pname.surname)
        e = None
        one_word = len(lemma.split()) == 1
        key = (pname or person_name(lemma, lang)).surname if one_word else None
        if key:
            # a lone word names someone of this article (whatever type the recogniser gave it)
            eid = local_surname.get(key)
            e = self._entities.get(self._find(eid)) if eid else None
        if e is None:
            e = self._known(lemma, m, lang, pname)
        if e is None and person and pname is not None and pname.surname:
            e = self._person(pname)
        if e is None and not person:
            # the lemma's keys, then the surface form's (a nominative the lemmatiser over-stripped)
            e = self._other(name_keys(lemma, lang) + name_keys(m.text, lang)[:1])
        if e is None and (key or (pname and pname.surname)):
            e = self._by_stem_match(key or pname.surname, person, pname)
        if e is None and key and key in local_given:  # the given name of someone in this article ("Hillary")
            e = self._entities.get(self._find(local_given[key]))
        if e is None and one_word and not (pname and (pname.given or pname.initials)):
            g = self._gaz.derived_place(lemma)  # a demonym or adjective of a country: "Rosjanie", "Němec"
            if g is not None:
                eid = self._by_gid.get(g.id)
                e = self._entities[self._find(eid)] if eid else self._new(g.type, g.canonical, gaz=g)
        if e is None:
            e = self._new(m.type, lemma)
        if _is_person(e.type) != person:  # linked across types: read the name as the entity's type
            person = _is_person(e.type)
            pname = person_name(lemma, lang) if person else None
        self._add(e, lemma, lang, person, pname, name_keys(lemma, lang))
        if pname is not None and pname.surname:
            local_surname.setdefault(pname.surname, e.id)
            for g in pname.given:
                local_given.setdefault(g, e.id)
        return e.id

    def _known(self, lemma: str, m: Mention, lang: str, pname: PersonName | None) -> _Entity | None:
        """The entity of a gazetteer entry the name is an alias of (created on first use).

        A hit of the other kind (person / non-person) is taken only on an exact key and when the name could
        be of that kind: a one-word "person" that is a known place ("Кремль" tagged PER), a several-word
        "organisation" that is a known person's full name (read with the person's declension)."""
        person = _is_person(m.type)
        hit = None
        for cand, loose in ((lemma, True), (m.text, False)):
            g = self._gaz.lookup(cand, loose=loose, cities=loose)
            if g is not None and _is_person(g.type) == person:
                hit = g
                break
        if hit is None:
            other_type = "LOC" if person else "PER"
            alt = lemmatize_name(m.text, other_type, resources_for(lang)) if lang else m.text
            one_word = len(lemma.split()) == 1
            for cand in dict.fromkeys((lemma, alt)):
                g = self._gaz.lookup(cand, loose=False)
                if g is not None and _is_person(g.type) != person and (one_word if person else not one_word):
                    hit = g
                    break
        if hit is None and person and pname is not None and pname.surname:
            hit = self._known_person(pname)
        if hit is None:
            return None
        eid = self._by_gid.get(hit.id)
        if eid is not None:
            return self._entities[self._find(eid)]
        e = self._new(hit.type, hit.canonical, gaz=hit)
        if person:  # a surname-only entity seen before is this known person: merge it in
            for other in list(self._candidates(e.surnames)):
                if other.id != e.id and other.gid is None and not other.letters:
                    self._merge(other, e)
        return e

    def _known_person(self, pname: PersonName) -> KnownEntity | None:
        if self._gaz_people is None:
            table: dict[str, list[str]] = {}
            for g in self._gaz.entries.values():
                if _is_person(g.type):
                    for a in g.aliases:
                        s = person_name(a, "und").surname
                        if s and g.id not in table.setdefault(s, []):
                            table[s].append(g.id)
            self._gaz_people = table
        for gid in self._gaz_people.get(pname.surname or "", []):
            g = self._gaz.entries[gid]
            parts = [person_name(a, "und") for a in g.aliases]
            given = {k for p in parts for k in p.given}
            letters = {k for p in parts for k in p.given_letters}
            if _person_compatible(pname, given, letters):
                return g
        return None

    def _person(self, pname: PersonName) -> _Entity | None:
        cands = [e for e in self._candidates({pname.surname}) if _is_person(e.type)]
        ok = [e for e in cands if _person_compatible(pname, e.given, e.letters)]
        if not ok:
            return None
        # agreeing given names beat "no given name known"; then the most mentioned
        return max(ok, key=lambda e: (bool(e.letters and pname.first_letters), sum(e.aliases.values())))

    def _other(self, keys: list[str]) -> _Entity | None:
        for k in keys:
            for eid in self._by_key.get(k, ()):
                e = self._entities[self._find(eid)]
                if not _is_person(e.type):
                    return e
        return None

    def _by_stem_match(self, key: str, person: bool, pname: PersonName | None) -> _Entity | None:
        """A known one-word name this one is a case form or derivation of, by spelling: the shorter key
        is, but for its last letter, the start of the longer, and the longer adds at most four letters
        ("gazpr" ~ "gazprom", "trumpova" ~ "trump", "moraveckim" ~ "moravecki"). Persons must also agree on
        given names. The most mentioned such entity wins."""
        if " " in key or len(key) < STEM:
            return None
        best = None
        for k, eid in self._by_stem.get(key[:STEM], ()):
            short, long_ = sorted((k, key), key=len)
            n = 0
            while n < len(short) and short[n] == long_[n]:
                n += 1
            if n < len(short) - 1 or len(long_) - n > 4:
                continue
            e = self._entities.get(self._find(eid))
            if e is None or _is_person(e.type) != person:
                continue
            if person and pname is not None and not _person_compatible(pname, e.given, e.letters):
                continue
            if best is None or sum(e.aliases.values()) > sum(best.aliases.values()):
                best = e
        return best

    def _candidates(self, surnames: set[str]) -> list[_Entity]:
        seen, out = set(), []
        for s in surnames:
            for eid in self._by_surname.get(s, ()):
                eid = self._find(eid)
                if eid not in seen:
                    seen.add(eid)
                    out.append(self._entities[eid])
        return out

    # ------------------------------------------------------------------ bookkeeping
    def _new(self, type_: str, name: str, gaz: KnownEntity | None = None) -> _Entity:
        seed = f"gaz:{gaz.id}" if gaz is not None else f"{type_}:{name}"
        eid = "E" + hashlib.sha1(seed.encode()).hexdigest()[:12]
        n = 1
        while eid in self._entities or eid in self._merged:
            n += 1
            eid = "E" + hashlib.sha1(f"{seed}#{n}".encode()).hexdigest()[:12]
        e = _Entity(id=eid, type=type_, seq=self._next_seq)
        self._next_seq += 1
        if gaz is not None:
            e.gid, e.canonical = gaz.id, gaz.canonical
            if _is_person(gaz.type):
                for a in gaz.aliases:
                    p = person_name(a, "und")
                    e.given.update(p.given)
                    e.letters.update(p.given_letters)
                    if p.surname:
                        e.surnames.add(p.surname)
        self._index(e)
        return e

    def _index(self, e: _Entity) -> None:
        """Remember ``e`` (new or changed) in the lookup tables, which list entities in creation order
        (so that the tables of a linker resumed from items are the same as those of one that ran on)."""
        self._entities[e.id] = e
        self._dirty["e:" + e.id] = None
        self._deleted.discard("e:" + e.id)
        if e.gid:
            self._by_gid.setdefault(e.gid, e.id)
        for k in e.keys:
            self._insert(self._by_key.setdefault(k, []), e.id, e.seq)
        for s in e.surnames:
            self._insert(self._by_surname.setdefault(s, []), e.id, e.seq)
        for k in (e.surnames if _is_person(e.type) else e.keys):
            if " " not in k and len(k) >= STEM:
                self._insert(self._by_stem.setdefault(k[:STEM], []), (k, e.id), e.seq)

    def _insert(self, lst: list, item: Any, seq: int) -> None:
        """Add ``item`` (an entity id, or a (key, id) pair) to ``lst`` at its entity's creation rank."""
        if item in lst:
            return
        i = len(lst)
        while i > 0 and self._seq_of(lst[i - 1]) > seq:
            i -= 1
        lst.insert(i, item)

    def _seq_of(self, item: Any) -> int:
        e = self._entities.get(item if isinstance(item, str) else item[1])
        return e.seq if e is not None else -1

    def _unindex(self, e: _Entity) -> None:
        """Drop a merged-away entity from the lookup tables (its names now lead to the merged entity)."""
        for table, keys in ((self._by_key, e.keys), (self._by_surname, e.surnames)):
            for k in keys:
                if e.id in table.get(k, ()):
                    table[k].remove(e.id)
        for k in e.keys | e.surnames:
            stems = self._by_stem.get(k[:STEM])
            if stems and (k, e.id) in stems:
                stems.remove((k, e.id))

    def _add(self, e: _Entity, lemma: str, lang: str, person: bool, pname: PersonName | None,
             keys: list[str]) -> None:
        e.aliases[lemma] += 1
        e.langs[lang] += 1
        e.alias_langs.setdefault(lemma, lang)
        if person and pname is not None:
            e.given.update(pname.given)
            e.letters.update(pname.first_letters)
            if pname.surname:
                e.surnames.add(pname.surname)
        elif not person:
            e.keys.update(keys)
        self._index(e)

    def _find(self, eid: str) -> str:
        seen = []
        while eid in self._merged:
            seen.append(eid)
            eid = self._merged[eid]
        for s in seen[:-1]:
            if self._merged[s] != eid:
                self._merged[s] = eid
                self._dirty["m:" + s] = None
        return eid

    def _merge(self, src: _Entity, dst: _Entity) -> None:
        """Fold ``src`` into ``dst``; ``src``'s id keeps resolving to ``dst``."""
        dst.aliases.update(src.aliases)
        dst.langs.update(src.langs)
        for k, v in src.alias_langs.items():
            dst.alias_langs.setdefault(k, v)
        dst.given |= src.given
        dst.letters |= src.letters
        dst.surnames |= src.surnames
        dst.keys |= src.keys
        self._unindex(src)
        del self._entities[src.id]
        self._dirty.pop("e:" + src.id, None)
        self._deleted.add("e:" + src.id)
        self._merged[src.id] = dst.id
        self._dirty["m:" + src.id] = None
        if src.gid and self._by_gid.get(src.gid) == src.id:
            self._by_gid[src.gid] = dst.id
        self._index(dst)




def _acronyms(words: list[str], skip: frozenset[str]) -> set[str]:
    """Acronyms a multi-word name may go by: initials of all words, and of all but function words."""
    out = {"".join(w[0] for w in words).upper()}
    content = [w for w in words if w.lower() not in skip]
    if content:
        out.add("".join(w[0] for w in content).upper())
    return {a for a in out if len(a) >= 2}


def _link_acronyms(mentions: tuple[Mention, ...], ids: dict[int, str], linker: EntityLinker,
                   lang: str) -> None:
    """Inside one article, an acronym ("TVF", "ООН") names the multi-word name with those initials
    ("Tarptautinis valiutos fondas") when exactly one such entity is there; the acronym's entity, when it
    has no other evidence (no gazetteer entry), is merged into it."""
    try:
        skip = frozenset(resources_for(lang).section("lemmas").get("acronym_skip_words", ()))
    except ValueError:
        skip = frozenset()
    by_acronym: dict[str, set[str]] = {}
    for i, m in enumerate(mentions):
        words = regex.findall(r"\p{L}[\p{L}\p{M}'’-]*", m.lemma or m.text)
        if len(words) >= 2 and not _is_person(m.type):
            for a in _acronyms(words, skip):
                by_acronym.setdefault(a, set()).add(linker._find(ids[i]))
    for i, m in enumerate(mentions):
        text = m.text.strip()
        if not (2 <= len(text) <= 6 and text.isupper() and text.isalpha()) or _is_person(m.type):
            continue
        targets = by_acronym.get(text, set())
        if len(targets) != 1:
            continue
        target = next(iter(targets))
        src = linker._find(ids[i])
        if src == target:
            continue
        a, b = linker._entities.get(src), linker._entities.get(target)
        if a is None or b is None:
            continue
        if a.gid and b.gid:
            continue  # two known entities: trust the gazetteer
        if a.gid and not b.gid:  # the acronym is known ("ООН"): the long form joins it
            linker._merge(b, a)
        else:
            linker._merge(a, b)


def _person_compatible(p: PersonName, given: set[str], letters: set[str]) -> bool:
    """Given names agree: no given name on either side, or an initial / full given name that matches."""
    if not p.first_letters or not letters:
        return True
    if p.initials:
        return any(x in letters for x in p.initials)
    if p.given and given:
        return any(given_compatible(a, b) for a in p.given for b in given)
    return any(x in letters for x in p.first_letters)


def _fullness(m: Mention) -> int:
    """How complete a mention is: more words first, initials count less than full names."""
    words = (m.lemma or m.text).split()
    return 2 * len(words) - len(_INITIAL.findall(m.lemma or m.text))


def _declines_names(lang: str) -> bool:
    try:
        return resources_for(lang).section("lemmas").get("engine", "identity") != "identity"
    except ValueError:
        return True


def _canonical(e: _Entity) -> str:
    if e.canonical:
        return e.canonical
    if not e.aliases:
        return ""
    return _QUOTES.sub("", _display(e)).strip() or _display(e)


def _display(e: _Entity) -> str:

    def rank(alias: str) -> tuple:
        words = alias.split()
        return (len(words) - len(_INITIAL.findall(alias)), len(words), e.aliases[alias], alias)

    latin = [a for a in e.aliases if _LATIN.search(a) and not _OTHER_SCRIPT.search(a)]
    plain = [a for a in latin if not _declines_names(e.alias_langs.get(a, "und"))]
    if plain:
        return _capitalised(max(plain, key=rank))
    other = [a for a in e.aliases if _OTHER_SCRIPT.search(a)]
    best_latin = max(latin, key=rank) if latin else None
    best_other = max(other, key=rank) if other else None
    if best_other is not None and (best_latin is None or rank(best_other)[:2] >= rank(best_latin)[:2]):
        return _capitalised(ascii_name(best_other))
    return _capitalised(best_latin or max(e.aliases, key=rank))


def _capitalised(name: str) -> str:
    """A name written all in lower case (some sources lower-case everything) with capitalised words."""
    return " ".join(w[:1].upper() + w[1:] for w in name.split()) if name.islower() else name
