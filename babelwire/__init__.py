"""babelwire: multilingual news intelligence, offline.

>>> from babelwire import analyze_article, Article
>>> analyze_article(Article(id="a", text="...")).lang
"""

from babelwire.model import Analysis, Article, Entity, Mention, Quote, Role, Story, Timex
from babelwire.pipeline import Pipeline, analyze_article

__all__ = [
    "Analysis",
    "Article",
    "Entity",
    "Mention",
    "Pipeline",
    "Quote",
    "Role",
    "Story",
    "Timex",
    "analyze_article",
]
__version__ = "0.1.0"
