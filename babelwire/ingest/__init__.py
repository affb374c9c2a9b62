"""Reading articles from sources, decoding bytes, extracting main text, marking page furniture."""

from babelwire.ingest.encoding import UndecodableError, decode_bytes, detect_decoding
from babelwire.ingest.furniture import mark_furniture
from babelwire.ingest.html import HtmlError, extract_html
from babelwire.ingest.readers import InputProblem, read_sources

__all__ = ["HtmlError", "InputProblem", "UndecodableError", "decode_bytes", "detect_decoding", "extract_html",
           "mark_furniture", "read_sources"]
