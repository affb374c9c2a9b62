"""Base forms (lemmas) of names: the nominative name as the article's language writes it.

``lemmatize_name("V. Putinui", "PER", lt)`` → ``"V. Putinas"``; ``("Путіним", "PER", uk)`` → ``"Путін"``.
Which method a language uses is data (``languages/data/<lang>/lemmas.toml``, key ``engine``):
``pymorphy3`` (uk, ru), ``suffix`` (learned ending rules), ``endings`` (hand-written ending tables, lt)
or ``identity`` (languages that do not decline names).
"""

from __future__ import annotations

from functools import lru_cache

from babelwire.languages.resources import Resources


def lemmatize_name(text: str, type_: str, resources: Resources) -> str:
    """The base form of the name ``text`` of entity type ``type_`` in the language of ``resources``."""
    text = " ".join(text.split())
    if not text:
        return text
    return _lemmatize(text, type_, resources)


@lru_cache(maxsize=100_000)
def _lemmatize(text: str, type_: str, resources: Resources) -> str:
    conf = resources.section("lemmas")
    engine = conf.get("engine", "identity")
    if engine == "pymorphy3":
        from babelwire.languages.morph_pymorphy import nominative

        return nominative(text, type_, conf.get("pymorphy_lang", resources.lang),
                          tuple(conf.get("oblique_endings", ())))
    if engine == "suffix":
        from babelwire.languages.morph_suffix import nominative

        return nominative(text, type_, resources.lang, conf)
    if engine == "endings":
        from babelwire.languages.morph_endings import nominative

        return nominative(text, type_, resources.lang, conf)
    return text
