"""Entity recognisers behind one interface: the shipped CRFs (default), a local spaCy pipeline, or a local
Hugging Face token-classification model, chosen per language by the ``BABELWIRE_NER`` spec (``--ner``)."""

from babelwire.extract.backends.base import EntitySpan, NerConfigError, Recogniser
from babelwire.extract.backends.config import ENV, check_spec, parse_spec, recogniser_for, use_spec

__all__ = [
    "ENV",
    "EntitySpan",
    "NerConfigError",
    "Recogniser",
    "check_spec",
    "parse_spec",
    "recogniser_for",
    "use_spec",
]
