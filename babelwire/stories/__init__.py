"""Corpus-level, online story and storyline clustering."""

from babelwire.stories.clusterer import StoryClusterer

__all__ = ["StoryClusterer"]
