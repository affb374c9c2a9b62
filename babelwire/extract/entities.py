"""Named-entity recognition (placeholder recogniser: capitalised token runs outside furniture)."""

from __future__ import annotations

import regex

from babelwire.extract.context import ArticleText
from babelwire.model import Mention

_CAP_RUN = regex.compile(r"\b\p{Lu}[\p{L}\p{M}'’-]+(?:\s+\p{Lu}[\p{L}\p{M}'’-]+)*")


def extract_entities(doc: ArticleText) -> tuple[Mention, ...]:
    """Mentions with type and lemma, skipping sentence-initial single words and furniture."""
    out = []
    for m in _CAP_RUN.finditer(doc.text):
        s, e = m.span()
        if doc.in_furniture(s, e):
            continue
        before = doc.text[max(0, s - 2) : s].strip()
        if " " not in m.group() and (s == 0 or before.endswith((".", "!", "?", "\n", '"', "«", "„", "“"))):
            continue
        out.append(Mention(start=s, end=e, text=m.group(), type="MISC", lemma=m.group()))
    return tuple(out)
