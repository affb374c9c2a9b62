"""Why two articles tell one story: the shared evidence behind their similarity, with weights."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from babelwire.model import Analysis
from babelwire.stories import weights
from babelwire.stories.embedding import Embedder, default_embedder, embed
from babelwire.stories.features import _NUMBER, _WORD, extract_features, name_key, number_key, stem
from babelwire.stories.similarity import FEATURE_NAMES, DocFreq, _pair, linear, top_shared


def _surfaces(analysis: Analysis, keyfn, pattern: re.Pattern[str] = _WORD) -> dict[str, str]:  # noqa: ANN001
    """First surface form in the article of each feature key."""
    out: dict[str, str] = {}
    for m in pattern.finditer(analysis.text):
        key = keyfn(m.group(0))
        if key and key not in out:
            out[key] = m.group(0)
    return out


def _round(x: float) -> float:
    return round(float(x), 4)


def explain(a: Analysis, b: Analysis, embedder: Embedder | None = None, df: DocFreq | None = None,
            top: int = 8) -> dict[str, Any]:
    """The evidence that ``a`` and ``b`` report one story.

    Returns the similarity score, each signal's value and weighted contribution, and the shared items
    (linked entities, names, speakers of quotes, numbers, dates, terms) each with its weight in the
    cosine of its family (larger = rarer and more frequent in both).
    """
    embedder = embedder if embedder is not None else default_embedder()
    ea, eb = embed([a, b], embedder)
    fa, fb = extract_features(a, ea), extract_features(b, eb)
    x = _pair(fa, fb, df)
    both = fa.embedding is not None and fb.embedding is not None
    model = weights.SIMILARITY if both else weights.SIMILARITY_NO_EMB
    w = np.asarray(model["w"], dtype=np.float64)
    signals = {name: {"value": _round(v), "contribution": _round(wi * v)}
               for name, v, wi in zip(FEATURE_NAMES, x, w, strict=False) if v or wi * v}

    canon_a = {m.entity_id: (m.canonical or m.lemma) for m in a.entities if m.entity_id}
    canon_b = {m.entity_id: (m.canonical or m.lemma) for m in b.entities if m.entity_id}
    names_a, names_b = _surfaces(a, name_key), _surfaces(b, name_key)
    entities, names = [], []
    for key, weight in top_shared(fa, fb, "n", df, n=50):
        if key.startswith("e:"):
            eid = key[2:]
            name = canon_a.get(eid) or canon_b.get(eid)
            entities.append({"entity_id": eid, "name": name, "weight": _round(weight)})
        else:
            names.append({"a": names_a.get(key, key), "b": names_b.get(key, key), "weight": _round(weight)})

    nums_a, nums_b = _surfaces(a, number_key, _NUMBER), _surfaces(b, number_key, _NUMBER)
    numbers, dates = [], []
    for key, weight in top_shared(fa, fb, "d", df, n=50):
        if key.startswith("t:"):
            value = key[2:]
            dates.append({"value": value,
                          "a": [t.text for t in a.dates if (t.value or "").startswith(value)][:3],
                          "b": [t.text for t in b.dates if (t.value or "").startswith(value)][:3],
                          "weight": _round(weight)})
        else:
            numbers.append({"a": nums_a.get(key, key), "b": nums_b.get(key, key), "weight": _round(weight)})

    terms_a, terms_b = _surfaces(a, stem), _surfaces(b, stem)
    terms = [{"a": terms_a.get(k, k), "b": terms_b.get(k, k), "weight": _round(wt)}
             for k, wt in top_shared(fa, fb, "w", df, n=top)]

    speakers_a = {q.speaker_entity_id or name_key(q.speaker or ""): q for q in a.quotes if q.speaker}
    speakers_b = {q.speaker_entity_id or name_key(q.speaker or ""): q for q in b.quotes if q.speaker}
    quotes = [{"speaker_a": speakers_a[k].speaker, "speaker_b": speakers_b[k].speaker,
               "quote_a": speakers_a[k].quote[:200], "quote_b": speakers_b[k].quote[:200]}
              for k in speakers_a.keys() & speakers_b.keys() if k]

    gap = None if fa.day is None or fb.day is None else abs(fa.day - fb.day)
    return {
        "score": _round(min(1.0, max(0.0, linear(x, model)))),
        "signals": signals,
        "shared": {"entities": entities[:top], "names": names[:top], "quotes": quotes[:top],
                   "dates": dates[:top], "numbers": numbers[:top], "terms": terms},
        "days_apart": gap,
        "languages": [a.lang, b.lang],
    }
