"""Combine the detectors' votes: rank the candidate languages with a small learned linear model.

The candidates are the top few languages of fastText, CLD2 and py3langid; lingua then scores the
candidates it covers. Each candidate gets a feature vector (each detector's probability, log-probability,
whether it is that detector's first choice, whether the detector knows the language at all, the same
crossed with short/long text, CLD2's reliability flag, agreement count, and whether it is one of the
major languages), and the candidate with the highest weighted sum wins. The weights are data
(``[ranker.weights]`` in ``data/_common/langid.toml``), fitted by ``python -m
babelwire.languages.langid_fit`` as a conditional-logit model on one half of the dev data and
measured on the other half.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from babelwire.languages.langid_detectors import Votes, config, coverage

DETECTORS = ("fasttext", "cld2", "py3langid", "lingua")
PROPOSERS = ("fasttext", "cld2", "py3langid")
_LOG_FLOOR = 1e-2


@dataclass(frozen=True)
class Evidence:
    """Every detector's votes on one text."""

    votes: dict[str, Votes]
    cld2_reliable: bool
    length: int  # characters of the text the detectors saw


def candidates(votes: dict[str, Votes], per_detector: int) -> list[str]:
    """The union of each proposing detector's ``per_detector`` best languages (sorted, for determinism)."""
    out: set[str] = set()
    for det in PROPOSERS:
        ranked = sorted(votes.get(det, {}).items(), key=lambda kv: -kv[1])
        out.update(code for code, _ in ranked[:per_detector])
    return sorted(out)


def features(ev: Evidence, cand: str) -> dict[str, float]:
    """The named features of one candidate language."""
    cfg = config()["ranker"]
    short = 1.0 if ev.length < cfg["short_chars"] else 0.0
    long = 1.0 if ev.length > cfg["long_chars"] else 0.0
    cov = coverage()
    f: dict[str, float] = {}
    agree = 0.0
    for det in DETECTORS:
        votes = ev.votes.get(det, {})
        p = votes.get(cand, 0.0)
        known = cand in cov[det]
        top = 1.0 if votes and max(votes, key=votes.__getitem__) == cand else 0.0
        agree += top if det in PROPOSERS else 0.0
        lp = math.log(p + _LOG_FLOOR) if known else math.log(_LOG_FLOOR)
        blind = 0.0 if known else max(votes.values(), default=0.0)  # sure of another, unable to see cand
        f |= {f"{det}.blind": blind, f"{det}.blind_short": blind * short,
              f"{det}.p": p, f"{det}.top": top, f"{det}.logp": lp, f"{det}.known": float(known),
              f"{det}.p_short": p * short, f"{det}.p_long": p * long, f"{det}.top_short": top * short,
              f"{det}.top_long": top * long, f"{det}.logp_short": lp * short, f"{det}.logp_long": lp * long}
    f["cld2.p_reliable"] = ev.votes.get("cld2", {}).get(cand, 0.0) * float(ev.cld2_reliable)
    major = 1.0 if cand in _major() else 0.0
    ps = [ev.votes.get(det, {}).get(cand, 0.0) for det in DETECTORS if cand in cov[det]]
    f |= {"n_known": float(len(ps)), "rare_single": float(len(ps) == 1 and not major), "major": major,
          "major_short": major * short, "major_long": major * long, "agree": agree,
          "mean_p": sum(ps) / len(ps) if ps else 0.0, "max_p": max(ps, default=0.0),
          "major_mean_p": major * (sum(ps) / len(ps) if ps else 0.0)}
    return f


def _major() -> frozenset[str]:
    return frozenset(config()["major_languages"])


def rank(ev: Evidence, cands: list[str]) -> list[tuple[str, float]]:
    """Candidates with their probability under the ranker, best first."""
    weights: dict[str, float] = config()["ranker"]["weights"]
    scores = [sum(weights.get(k, 0.0) * v for k, v in features(ev, c).items()) for c in cands]
    if not scores:
        return []
    top = max(scores)
    exp = [math.exp(s - top) for s in scores]
    total = sum(exp)
    return sorted(((c, e / total) for c, e in zip(cands, exp, strict=True)), key=lambda kv: -kv[1])
