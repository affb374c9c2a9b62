"""The whole pipeline over both seed articles: each named entity gets one id across uk and lt.

Slow (the full pipeline loads every model, ~20 s): ``pytest -m slow tests/test_link_pipeline.py``.
"""

from __future__ import annotations

import pytest
from conftest import LT_SEED, UK_SEED
from test_link import GROUPS

from babelwire.model import Analysis, Article
from babelwire.pipeline import Pipeline

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_run() -> list[Analysis]:
    if not UK_SEED.exists() or not LT_SEED.exists():
        pytest.skip("../shared/seeds is not present")
    pipeline = Pipeline()
    articles = [Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in (UK_SEED, LT_SEED)]
    out = [pipeline.add_article(a) for a in articles]
    out = pipeline.linker.relink(out)
    if not any(m.type == "PER" for a in out for m in a.entities):
        pytest.skip("the recogniser does not type mentions yet")
    return out


def _found(run: list[Analysis]) -> dict[str, dict[str, set[str]]]:
    """group -> language -> entity ids of the mentions whose surface form belongs to the group."""
    out: dict[str, dict[str, set[str]]] = {}
    for a in run:
        for m in a.entities:
            for name, forms in GROUPS.items():
                if m.text in forms:
                    out.setdefault(name, {}).setdefault(a.lang, set()).add(m.entity_id)
    return out


def test_found_seed_names_share_one_id_per_entity(seed_run) -> None:
    found = _found(seed_run)
    ids = {}
    for name, by_lang in found.items():
        all_ids = set().union(*by_lang.values())
        assert len(all_ids) == 1, (name, by_lang)
        ids[name] = all_ids.pop()
    assert len(set(ids.values())) == len(ids), ids


def test_every_seed_entity_is_found_in_both_languages(seed_run) -> None:
    found = _found(seed_run)
    missing = {name: {"uk", "lt"} - set(found.get(name, {})) for name in GROUPS}
    assert not any(missing.values()), missing
