"""Roles and titles attached to person mentions."""

from __future__ import annotations

from babelwire.extract.context import ArticleText
from babelwire.model import Mention, Role


def extract_roles(doc: ArticleText, entities: tuple[Mention, ...]) -> tuple[Role, ...]:
    """Role phrases next to PER mentions (none until the roles resource is written)."""
    return ()
