"""Corpus-level, online story and storyline clustering, article similarity, explanations, timelines."""

from babelwire.stories.clusterer import StoryClusterer
from babelwire.stories.explain import explain
from babelwire.stories.similarity import article_similarity, score_pairs
from babelwire.stories.timeline import summarize, timeline

__all__ = ["StoryClusterer", "article_similarity", "explain", "score_pairs", "summarize", "timeline"]
