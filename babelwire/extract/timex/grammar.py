"""The language-independent timex grammar: rule templates whose slots are filled from a Vocabulary.

A template is a regex with ``{kind}`` / ``{kind:name}`` slots. Each slot becomes a named group that
matches any form of that kind in the language (``{month:m}`` -> every month form, captured as ``m``).
Slots with built-in patterns (years, days, digits, clock times) need no vocabulary. A language with
no forms of a kind simply never matches the rules that require it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from babelwire.extract.timex.vocab import Vocabulary

BUILTIN = {
    "year": r"(?:1[5-9]\d\d|20\d\d)",
    "day": r"(?:[12]\d|3[01]|0?[1-9])",
    "digits": r"(?:\d+(?:[.,]\d+)?)",
    "hh": r"(?:[01]?\d|2[0-4])",
    "mi": r"(?:[0-5]\d)",
    "ss": r"(?:[0-5]\d(?:[.,]\d+)?)",
    "mn": r"(?:0?[1-9]|1[0-2])",
    "decade": r"(?:1[5-9]\d0|20[0-9]0)",
    "roman": r"(?:X{0,2}(?:IX|IV|V?I{0,3})|XXI)",
}

_P = r"(?:{prep}\s+)?"
_POS = r"(?:{pos}(?:\s+|(?<=-)))?"
_YW = r"(?:\s*{year_word})?"
_DS = r"(?:{day_suffix})?"
_DW = r"(?:\s*{day_word})?"
_MW = r"(?:\s*{month_word})?"
_NUM = r"(?:{digits:n}|{number:n}|{vague_number:n})"
_CLOCK = (r"(?:\s*,?\s*(?:{at}\s+)?{hh:th}[:.]{mi:tm}(?:\s*{ampm:ap})?(?:\s*{hour_word})?"
          r"|\s+{daypart:dp})?")
_WDPRE = r"(?:(?:{clock_word:cw}\s+|{daypart:dp0}\s+)?{weekday:wd}\s*,?\s+)?"
_POSPOST = r"(?:\s+{pos_post})?"

# (rule kind, template); longer matches win, then the earlier rule
RULES: list[tuple[str, str]] = [
    ("numeric", r"{year:y}-{mn:mn}-{day:d}(?:T{hh:th}:{mi:tm})?"),
    ("numeric", r"{day:d}\.{mn:mn}\.{year:y}" + _YW),
    ("numeric_slash", r"{digits:a}/{digits:b}/{year:y}"),
    ("date", _P + _POS + r"(?:{daypart:dp}\s+)?" + _WDPRE + r"{day:d}" + _DS + _DW
     + r"\s+(?:{month_word}\s+)?{month:m}"
     + r"(?:\s*,?\s*(?:(?:{of}\s+)?{year:y}" + _YW + r"|{rel:rely}\s+{unit:unity}))?"
     + r"(?:\s*,\s*{weekday:wd2})?" + _CLOCK),
    ("date", _P + _POS + r"(?:{daypart:dp}\s+)?" + _WDPRE
     + r"(?:{year_first}{year:y}" + _YW + r"\s+|{rel:rely}\s+{unit:unity}\s+)?"
     + r"{month:m}" + _MW + r"\s+{day:d}" + _DS + _DW + r"(?:\s*,?\s*(?:{of}\s+)?{year:y}" + _YW + r")?"
     + _POSPOST + _CLOCK),
    ("range", r"{day:d1}" + _DS + r"\s*{range_sep}\s*{day:d}" + _DS + _DW + r"\s+{month:m}"
     + r"(?:\s*,?\s*{year:y}" + _YW + r")?"),
    ("range", r"{month:m}\s+{day:d1}" + _DS + r"\s*{range_sep}\s*{day:d}" + _DS + _DW
     + r"(?:\s*,?\s*{year:y}" + _YW + r")?"),
    ("month", _P + _POS + r"(?:{rel:rel0}\s+|{rel:rely}\s+{unit:unity}\s+)?{month:m}" + _MW
     + r"(?:\s*,?\s*(?:{of}\s+)?{year:y}" + _YW + r"|\s+{rel:rely}\s+{unit:unity}"
     + r"|\s+(?:{of}\s+)?(?:{det}\s+)?{unit:unity}\s+{rel:rely})?" + _POSPOST),
    ("month", _P + _POS + r"{year_first}{year:y}" + _YW + r"\s+{month:m}" + _MW + _POSPOST),
    ("decade", _P + _POS + r"(?:{det}\s+)?{decade:dec}{decade_suffix}" + _YW),
    ("year", _P + _POS + r"(?:{year_pre}\s+)?{year:y}" + _YW + _POSPOST),
    ("season", _P + _POS + r"(?:{rel:rel0}\s+|{year:y}" + _YW + r"\s+)?{season:s}(?:\s*,?\s*{year:y}" + _YW
     + r"|\s+{rel:rely}\s+{unit:unity})?"),
    ("weekday", _P + r"(?:{rel:rel0}\s+)?(?:{daypart:dp0}\s+)?{weekday:wd}(?:\s+{daypart:dp})?" + _CLOCK),
    ("relunit", _P + _POS + r"(?:{det}\s+)?{rel:rel}\s+{unit:u}" + _POSPOST),
    ("relunit", _P + _POS + r"(?:{det}\s+)?{unit:u}\s+{rel:rel}" + _POSPOST),
    ("relyear", _P + _POS + r"{relyear:ry}" + _POSPOST),
    ("ago", r"(?:{approx}\s+)?" + _NUM + r"?\s*{unit:u}(?:\s+|-){ago}"),
    ("ago", r"(?:{approx}\s+)?{ago_pre}\s+" + _NUM + r"?\s*{unit:u}"),
    ("later", _NUM + r"\s+{unit:u}\s+{later}"),
    ("duration", r"(?:{approx}\s+)?(?:{dur_prefix}\s+|{det}\s+)?" + _NUM + r"(?:\s*|-){unit:u}"
     + r"(?:,?\s+{digits:n2}\s*{unit:u2})?(?:,?\s+{digits:n3}\s*{unit:u3})?"),
    ("clockdur", r"{hh:h}:{mi:mi}:{ss:ss}\s*{unit:u}"),
    ("vaguedur", r"(?:{dur_prefix:pre}\s+)?(?:{vague_number:vn}\s+)?{unit:u}"),
    ("vaguedur", r"{vague_duration:vd}"),
    ("set", r"{set_word:sw}"),
    ("set", r"{every}\s+(?:" + _NUM + r"\s+)?{unit:u}"),
    ("set", r"{per}\s+{unit:u}"),
    ("ref", r"{ref:r}"),
    ("deictic", _P + r"{deictic:dx}(?:\s*,?\s*{weekday:wdx})?(?:\s+{daypart:dp})?" + _CLOCK),
    ("deictic", _P + r"{rel:rel0}\s+{daypart:dp}"),
    ("same_day", _P + r"{same_day}"),
    ("prev_day", _P + r"{prev_day}"),
    ("time", _P + r"(?:{at}\s+)?{hh:th}:{mi:tm}(?:\s*{ampm:ap})?(?:\s*{hour_word})?(?:\s*{utc:z})?"),
    ("time", _P + r"(?:{at}\s+)?{hh:th}\.{mi:tm}\s*(?:{ampm:ap}|{hour_word})(?:\s*{utc:z})?"),
    ("night", _P + r"{night_on}\s+(?:{day:d}\s+{month:m}|{weekday:wd})"),
    ("signaled", r"(?<=(?<!\w){dur_signal}\s{{1,3}})(?:{dur_prefix:pre}\s+)?{unit:u}"),
    ("time", _P + r"(?:{at}\s+)?{hh:th}(?:[.:]{mi:tm})?\s*{ampm:ap}"),
    ("time", _P + r"(?:{at}\s+)?{hh:th}\s+{hour_word}"),
    ("time", _P + r"(?:{at}\s+)?{clock_word:cw}"),
    ("ordunit", r"(?:{det}\s+)?(?:{ordinal:o}|{roman:o}|\d{{1,2}}(?:{day_suffix})?)(?:\s+|-){unit:u}"
     r"(?:\s+{of}\s+{year:y})?"),
    ("posunit", _P + r"{pos}\s+(?:{det}\s+)?{unit:u}"),
    ("detunit", r"{det}\s+(?:{rel:rel}\s+)?{unit:u}"),
    ("daypart", _P + r"{daypart:dp}"),
]

_SLOT = regex.compile(r"\{(\w+)(?::(\w+))?\}")


@dataclass(frozen=True)
class Rule:
    kind: str
    pattern: regex.Pattern


def _expand(template: str, vocab: Vocabulary) -> str:
    def slot(m: regex.Match) -> str:
        kind, name = m.group(1), m.group(2)
        if kind == "year_first":  # "2019 m. rugsėjo 27 d.": only where the language writes the year first
            return "" if vocab.options.get("year_first") else "(?!)"
        if kind == "ampm":
            body = "(?:" + vocab.alternation("am") + "|" + vocab.alternation("pm") + ")"
        else:
            body = BUILTIN.get(kind) or vocab.alternation(kind)
        return f"(?P<{name}>{body})" if name else body

    body = _SLOT.sub(slot, template.replace("{{", "\x00").replace("}}", "\x01"))
    body = body.replace("\x00", "{").replace("\x01", "}")
    return r"(?<![\w\d])" + body + r"(?![\w])"


@cache
def compiled_rules(vocab: Vocabulary) -> tuple[Rule, ...]:
    """The grammar compiled for one language (cached per vocabulary)."""
    out = []
    flags = regex.IGNORECASE | regex.UNICODE
    for kind, template in RULES:
        try:
            out.append(Rule(kind, regex.compile(_expand(template, vocab), flags)))
        except regex.error as exc:  # a broken template is a bug in this module: fail loudly
            raise ValueError(f"timex rule {kind}: {exc}") from exc
    return tuple(out)
