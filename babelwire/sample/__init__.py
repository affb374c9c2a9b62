"""The bundled sample corpus: 32 invented news articles in six languages (see README.md here).

``CORPUS_PATH`` is a JSONL file for ``babelwire analyze``/``ingest``; ``load_key`` gives the
clustering key (story -> article ids, storyline -> story names) and the entity surface forms.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SAMPLE_DIR = Path(__file__).resolve().parent
CORPUS_PATH = SAMPLE_DIR / "corpus.jsonl"
STORIES_PATH = SAMPLE_DIR / "stories.json"


@cache
def load_key() -> dict[str, Any]:
    """``{"stories": {story: [ids]}, "storylines": {storyline: [stories]}, "entities": {name: [forms]}}``."""
    return json.loads(STORIES_PATH.read_text(encoding="utf-8"))


def story_of(article_id: str) -> str | None:
    """The story an article of the sample belongs to, or None for an id not in the sample."""
    for story, ids in load_key()["stories"].items():
        if article_id in ids:
            return story
    return None


def storyline_of_story(story: str) -> str | None:
    """The storyline a story belongs to, or None for an unknown story."""
    for storyline, stories in load_key()["storylines"].items():
        if story in stories:
            return storyline
    return None
