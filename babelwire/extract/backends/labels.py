"""Entity labels of common tagging schemes mapped onto babelwire's types, and tag runs to spans.

Covers OntoNotes (spaCy's English/Chinese pipelines), CoNLL/WikiNER (PER ORG LOC MISC), BSNLP/SlavicNER
(EVT PRO), NKJP (spaCy's Polish pipelines: persName, orgName, placeName, geogName), NorNE (GPE_LOC, GPE_ORG),
WNUT and GMB names, and long spellings (PERSON, ORGANIZATION, LOCATION). Labels not listed (DATE, MONEY,
CARDINAL, …) are not named entities here and are dropped.
"""

from __future__ import annotations

import re

TYPE_OF_LABEL: dict[str, str] = {
    **dict.fromkeys(("PER", "PERS", "PERSON", "PERSNAME"), "PER"),
    **dict.fromkeys(("ORG", "ORGANIZATION", "ORGANISATION", "ORGNAME", "CORPORATION", "GROUP", "GPE_ORG"),
                    "ORG"),
    **dict.fromkeys(("LOC", "LOCATION", "GPE", "GPE_LOC", "FAC", "FACILITY", "GEO", "PLACENAME", "GEOGNAME"),
                    "LOC"),
    **dict.fromkeys(("EVT", "EVE", "EVENT"), "EVT"),
    **dict.fromkeys(("PRO", "PROD", "PRODUCT", "WORK_OF_ART", "LAW", "CREATIVE-WORK", "ART"), "PRO"),
    **dict.fromkeys(("MISC", "MIS", "NORP", "DERIV"), "MISC"),
}

_TAG = re.compile(r"^([BIESLU])[-_](.+)$")
_STARTS = frozenset("BSU")
_ENDS = frozenset("ESLU")


def entity_type(label: str) -> str | None:
    """babelwire's type for a scheme's entity label (case-insensitive), or None when it names no entity."""
    return TYPE_OF_LABEL.get(label.strip().upper())


def parse_tag(tag: str) -> tuple[str, str | None]:
    """A token tag as (prefix, type): ``B-PER`` → ("B", "PER"), ``I-GPE`` → ("I", "LOC"), ``O`` → ("O", None);
    a bare label (IO scheme) counts as inside; BIO, BIOES and BILOU prefixes are understood."""
    if tag.upper() in ("O", ""):
        return "O", None
    match = _TAG.match(tag.upper())
    prefix, label = match.groups() if match else ("I", tag)
    typ = entity_type(label)
    return (prefix, typ) if typ else ("O", None)


def tag_spans(tags: list[tuple[str, str | None]]) -> list[tuple[int, int, str]]:
    """(first item, last item + 1, type) runs of parsed tags: B/S/U or a change of type starts a span,
    E/L/S/U or O ends it, a stray I continues nothing and starts one."""
    out: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, (prefix, t) in enumerate(tags):
        if start >= 0 and (t is None or prefix in _STARTS or t != typ):
            out.append((start, i, typ))
            start = -1
        if t is not None and start < 0:
            start, typ = i, t
        if start >= 0 and prefix in _ENDS:
            out.append((start, i + 1, typ))
            start = -1
    if start >= 0:
        out.append((start, len(tags), typ))
    return out
