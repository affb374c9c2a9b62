"""Named-entity recognition: spans and types (PER, ORG, LOC, EVT, PRO, MISC) with their base forms.

The recogniser is a compact CRF per language (``extract/ner``), trained by ``scripts/train_ner.py`` on the
annotated corpora and shipped in ``extract/models``; languages without a model of their own use the
multilingual model with language-independent features (shape, gazetteers, name-ending and context word
classes from ``languages/data/<lang>/names.toml``). A user's own spaCy pipeline or Hugging Face model can
replace it per language (``extract/backends``, ``BABELWIRE_NER`` / ``--ner``). Furniture is never tagged.
"""

from __future__ import annotations

from babelwire.extract.backends import recogniser_for
from babelwire.extract.context import ArticleText
from babelwire.languages.lemmas import lemmatize_name
from babelwire.model import Mention


def extract_entities(doc: ArticleText) -> tuple[Mention, ...]:
    """Entity mentions of the article outside furniture, in text order, each with type and lemma."""
    recognise = recogniser_for(doc.lang)
    out = []
    for start, end, typ in sorted(recognise(doc.text, doc.lang, doc.content_segments())):
        if end <= start or doc.in_furniture(start, end):
            continue
        surface = doc.text[start:end]
        out.append(Mention(start=start, end=end, text=surface, type=typ,
                           lemma=lemmatize_name(surface, typ, doc.resources)))
    return tuple(out)
