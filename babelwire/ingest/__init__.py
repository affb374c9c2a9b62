"""Reading articles from sources, decoding bytes, extracting main text, marking page furniture."""

from babelwire.ingest.readers import InputProblem, read_sources

__all__ = ["InputProblem", "read_sources"]
