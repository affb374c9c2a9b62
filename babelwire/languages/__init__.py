"""Language identification and per-language resources."""

from babelwire.languages.langid import detect_language, detect_paragraph_languages
from babelwire.languages.resources import Resources, available_languages, resources_for

__all__ = [
    "Resources",
    "available_languages",
    "detect_language",
    "detect_paragraph_languages",
    "resources_for",
]
