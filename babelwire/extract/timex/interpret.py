"""From a matched rule to TIMEX3 (type, value), resolved against the publication date.

Conventions (from the news gold sets): with no publication date the value stays honestly partial
(``XXXX-10-02``, ``XXXX-WXX-5``, ``XXXX-06``) and is ``None`` when nothing is known ("last week").
Anaphoric days ("the day before", "that same day") resolve against the last day-level date mentioned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import regex

from babelwire.extract.timex import calendar as cal
from babelwire.extract.timex.vocab import Vocabulary

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
         "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15, "XVI": 16, "XVII": 17, "XVIII": 18,
         "XIX": 19, "XX": 20, "XXI": 21}
_CALENDAR_UNITS = {"Y", "M", "W", "Q", "HALF", "DE", "CE", "WE"}


@dataclass
class Context:
    """What values are resolved against, updated as the text is read."""

    dct: date | None
    anchor: str | None = None  # last day-level value mentioned ("2023-02-09", "XXXX-11-04")
    deictic_base: str | None = None  # a day value standing in for the DCT of deictic words
    historical: bool = False  # a narrative of past events: year-less dates take the last year named
    last_year: int | None = None
    extra: dict = field(default_factory=dict)  # e.g. the last quarter named ("1989-Q3")


@dataclass(frozen=True)
class Found:
    """One time expression: span, TIMEX3 type and value (``None`` when nothing honest is known)."""

    start: int
    end: int
    type: str
    value: str | None


def _g(m: regex.Match, name: str) -> str | None:
    try:
        return m.group(name)
    except (IndexError, regex.error):
        return None


def number(vocab: Vocabulary, text: str | None) -> float | str | None:
    """Digits, number words, or "X" for vague amounts ("кілька", "several")."""
    if text is None:
        return None
    t = text.strip()
    if regex.fullmatch(r"\d+(?:[.,]\d+)?", t):
        v = float(t.replace(",", "."))
        return int(v) if v == int(v) else v
    if vocab.has("vague_number", t):
        return "X"
    return vocab.value("number", t)


def _day_type(value: str | None) -> str:
    return "TIME" if value and "T" in value else "DATE"


def _with_clock(value: str | None, m: regex.Match, vocab: Vocabulary) -> str | None:
    """Append ``Thh:mm`` or ``TMO``-style parts of day to a day value."""
    th, tm = _g(m, "th"), _g(m, "tm")
    if th is not None and value and len(value) == 10:
        hour = int(th)
        ap = _g(m, "ap")
        if ap and vocab.has("pm", ap) and hour < 12:
            hour += 12
        return f"{value}T{hour:02d}:{int(tm or 0):02d}"
    cw = vocab.value("clock_word", _g(m, "cw"))
    if cw and value and len(value) == 10:
        return f"{value}T{cw}"
    dp = vocab.value("daypart", _g(m, "dp")) or vocab.value("daypart", _g(m, "dp0"))
    if dp and value and len(value) == 10:
        return f"{value}T{dp}"
    return value


def _rel_year(vocab: Vocabulary, m: regex.Match, ctx: Context) -> tuple[bool, int | None]:
    """("минулого року", "šių metų", "last year") -> (present, year or None when the DCT is unknown)."""
    rely, unity = _g(m, "rely"), _g(m, "unity")
    if not rely or vocab.value("unit", unity) != "Y":
        return False, None
    off = vocab.value("rel", rely) or 0
    if ctx.historical and ctx.last_year:
        return True, ctx.last_year + off
    return True, (ctx.dct.year + off) if ctx.dct else None


def _year(m: regex.Match, ctx: Context | None = None) -> int | None:
    """The explicit year of a match (remembered in ``ctx``); failing that, in a historical
    narrative, the last year named."""
    y = _g(m, "y")
    if y:
        if ctx is not None:
            ctx.last_year = int(y)
        return int(y)
    if ctx is not None and ctx.historical and ctx.last_year:
        return ctx.last_year
    return None


def _future(text: str, start: int, end: int, cues: regex.Pattern | None) -> bool:
    """Whether the sentence around the match speaks of the future (a cue word or verb ending)."""
    if cues is None:
        return False
    s = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    e = min([i for i in (text.find(".", end), text.find("\n", end)) if i >= 0] or [len(text)])
    return bool(cues.search(text, s, e))


def interpret(kind: str, m: regex.Match, vocab: Vocabulary, ctx: Context, text: str,
              cues: regex.Pattern | None) -> list[Found]:
    """TIMEX3 annotations for one rule match (two for a range); empty when the match is rejected."""
    f = _RULES.get(kind)
    if f is None:
        return []
    out = f(m, vocab, ctx, text, cues)
    if out is None:
        return []
    if isinstance(out, Found):
        return [out]
    return out


def _date(m, vocab, ctx, text, cues):
    day, month = int(m.group("d")), vocab.value("month", m.group("m"))
    if month is None or day > 31:
        return None
    y, relative = _stated_year(m, vocab, ctx)
    if not relative and y is None and ctx.dct:
        y = cal.nearest_year(ctx.dct, month, day, _future(text, *m.span(), cues))
    value = cal.fmt_day(y, month, day)
    ctx.anchor = value
    value = _with_clock(value, m, vocab)
    return Found(*m.span(), _day_type(value), value)


def _numeric(m, vocab, ctx, text, cues):
    y, mo, d = _year(m, ctx), int(m.group("mn")), int(m.group("d"))
    value = cal.fmt_day(y, mo, d)
    ctx.anchor = value
    value = _with_clock(value, m, vocab)
    return Found(*m.span(), _day_type(value), value)


def _numeric_slash(m, vocab, ctx, text, cues):
    a, b, y = m.group("a"), m.group("b"), int(m.group("y"))
    if not (a.isdigit() and b.isdigit()):
        return None
    first, second = int(a), int(b)
    mo, d = (first, second) if vocab.options.get("numeric_order", "dmy") == "mdy" else (second, first)
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    value = cal.fmt_day(y, mo, d)
    ctx.anchor = value
    return Found(*m.span(), "DATE", value)


def _range(m, vocab, ctx, text, cues):
    month = vocab.value("month", m.group("m"))
    d1, d2 = int(m.group("d1")), int(m.group("d"))
    if month is None or not (d1 < d2 <= 31):
        return None
    y = _year(m, ctx)
    if y is None and ctx.dct:
        y = cal.nearest_year(ctx.dct, month, d1, _future(text, *m.span(), cues))
    s1, e1 = m.span("d1")
    first = Found(s1, e1, "DATE", cal.fmt_day(y, month, d1))
    second_start = m.start("d")
    if m.start("m") < s1:  # "Rugpjūčio 4-13": the first part carries the month
        first = Found(m.start(), e1, "DATE", first.value)
    value = cal.fmt_day(y, month, d2)
    ctx.anchor = value
    return [first, Found(second_start, m.end(), "DATE", value)]


def _stated_year(m, vocab, ctx, anchored: bool = False) -> tuple[int | None, bool]:
    """The year an expression states: written ("2018"), relative ("минулого року": then True), or the year
    in force in the narrative (``ctx``) unless the expression is anchored to the present ("this May")."""
    has_rel, ry = _rel_year(vocab, m, ctx)
    y = _year(m, None if (has_rel or anchored) else ctx)
    if has_rel and not _g(m, "y"):
        return ry, True
    return y, False


def _month(m, vocab, ctx, text, cues):
    month = vocab.value("month", m.group("m"))
    if month is None:
        return None
    rel0 = _g(m, "rel0")
    y, relative = _stated_year(m, vocab, ctx, anchored=bool(rel0))
    if not relative and y is None and ctx.dct:
        if rel0:
            y = cal.month_with_rel(ctx.dct, month, vocab.value("rel", rel0) or 0)
        else:
            y = cal.nearest_year(ctx.dct, month, None, _future(text, *m.span(), cues))
    return Found(*m.span(), "DATE", cal.fmt_day(y, month, None))


def _decade(m, vocab, ctx, text, cues):
    return Found(*m.span(), "DATE", m.group("dec")[:3])


def _year_rule(m, vocab, ctx, text, cues):
    y = int(m.group("y"))
    has_word = m.group(0).strip() != m.group("y")
    if not has_word and not vocab.options.get("bare_years", True):
        return None
    # a bare number is a year only in a plausible range and not inside a bigger number
    before, after = text[max(0, m.start() - 2):m.start()], text[m.end():m.end() + 2]
    if regex.search(r"\d[.,]?\s?$", before) or regex.match(r"[.,]?\d|\s?%", after):
        return None
    low = 1000 if ctx.historical else 1800  # history narratives name older years bare
    if not has_word and not (low <= y <= 2039):
        return None
    ctx.last_year = y
    return Found(*m.span(), "DATE", f"{y:04d}")


def _season(m, vocab, ctx, text, cues):
    season = vocab.value("season", m.group("s"))
    rel0 = _g(m, "rel0")
    y, relative = _stated_year(m, vocab, ctx, anchored=bool(rel0))
    if not relative and y is None and ctx.dct:
        off = vocab.value("rel", rel0) or 0 if rel0 else 0
        y = ctx.dct.year + off
    return Found(*m.span(), "DATE", f"{y:04d}-{season}" if y else f"XXXX-{season}")


def _weekday(m, vocab, ctx, text, cues):
    wd = vocab.value("weekday", m.group("wd"))
    if wd is None:
        return None
    rel = vocab.value("rel", _g(m, "rel0")) or 0 if _g(m, "rel0") else 0
    if ctx.dct is None:
        value = f"XXXX-WXX-{wd}"
        dp = vocab.value("daypart", _g(m, "dp")) or vocab.value("daypart", _g(m, "dp0"))
        if dp:
            value += f"T{dp}"
        return Found(*m.span(), _day_type(value), value)
    d = cal.weekday_date(ctx.dct, wd, _future(text, *m.span(), cues), rel)
    value = d.isoformat()
    ctx.anchor = value
    value = _with_clock(value, m, vocab)
    return Found(*m.span(), _day_type(value), value)


def _relunit(m, vocab, ctx, text, cues):
    unit = vocab.value("unit", m.group("u"))
    off = vocab.value("rel", m.group("rel"))
    if unit is None or off is None or vocab.has("units_plural", m.group("u")):
        return None
    if unit == "D":  # "наступного дня", "the next day": relative to the narrative
        base = ctx.anchor or (ctx.dct.isoformat() if ctx.dct else None)
        value = cal.day_shift(base, off) if base else None
        return Found(*m.span(), "DATE", value)
    if unit not in _CALENDAR_UNITS:
        return None
    if unit == "Y" and ctx.historical and ctx.last_year:
        return Found(*m.span(), "DATE", f"{ctx.last_year + off:04d}")
    return Found(*m.span(), "DATE", cal.shift(ctx.dct, unit, off) if ctx.dct else None)


def _relyear(m, vocab, ctx, text, cues):
    off = vocab.value("relyear", m.group("ry"))
    if off is None:
        return None
    return Found(*m.span(), "DATE", f"{ctx.dct.year + off:04d}" if ctx.dct else None)


def _ago(m, vocab, ctx, text, cues, sign=-1):
    unit = vocab.value("unit", m.group("u"))
    if unit is None:
        return None
    n = number(vocab, _g(m, "n"))
    if _g(m, "n") is None:
        n = "X" if vocab.has("units_plural", m.group("u")) else 1
    if n is None:
        return None
    ttype = "TIME" if unit in cal.TIME_UNITS else "DATE"
    if n == "X" or not isinstance(n, int):
        return Found(*m.span(), ttype, "PAST_REF" if sign < 0 else "FUTURE_REF")
    if ctx.dct is None or unit in cal.TIME_UNITS:
        return Found(*m.span(), ttype, None if ctx.dct is None else ctx.dct.isoformat())
    if unit == "Y" and n == 1 and ctx.extra.get("quarter"):
        q = ctx.extra["quarter"]
        return Found(*m.span(), "DATE", f"{int(q[:4]) + sign:04d}{q[4:]}" if q[:4].isdigit() else q)
    return Found(*m.span(), "DATE", cal.shift(ctx.dct, unit, sign * n))


def _later(m, vocab, ctx, text, cues):
    return _ago(m, vocab, ctx, text, cues, sign=1)


def _duration(m, vocab, ctx, text, cues):
    unit = vocab.value("unit", m.group("u"))
    n = number(vocab, m.group("n"))
    if unit is None or n is None:
        return None
    if isinstance(n, (int, float)) and n >= 1000:
        return None
    if unit == "H" and regex.fullmatch(r"\d{1,2}\.\d\d", m.group("n")):
        return None  # "13.30 val." is a clock time
    if _followed_by(text, m.end(), vocab, "not_after"):
        return None
    if vocab.has("age_forms", m.group("u")) and regex.match(r"\s+\p{Lu}", text[m.end():m.end() + 3]):
        return None  # "35 metų N. Portman": an age before a name
    parts = [(n, unit)]
    for nk, uk in (("n2", "u2"), ("n3", "u3")):
        if _g(m, nk):
            u2 = vocab.value("unit", m.group(uk))
            n2 = number(vocab, m.group(nk))
            if u2 is None or n2 is None or u2 not in cal.TIME_UNITS or unit not in cal.TIME_UNITS:
                return None
            parts.append((n2, u2))
    if len(parts) > 1:
        value = "PT" + "".join(f"{_num(a)}{cal.UNIT_LETTER[b]}" for a, b in parts)
        return Found(*m.span(), "DURATION", value)
    return Found(*m.span(), "DURATION", cal.duration(n, unit))


def _followed_by(text: str, end: int, vocab: Vocabulary, kind: str) -> bool:
    nxt = regex.match(r"\s*(-?[\w'’]+\.?)", text[end:end + 40])
    return bool(nxt) and vocab.has(kind, nxt.group(1))


def _num(n) -> str:
    if isinstance(n, float):
        return f"{n:g}"
    return str(n)


def _clockdur(m, vocab, ctx, text, cues):
    if vocab.value("unit", m.group("u")) != "H":
        return None
    sec = m.group("ss").replace(",", ".")
    return Found(*m.span(), "DURATION", f"PT{int(m.group('h'))}H{int(m.group('mi'))}M{_num(float(sec))}S")


def _vaguedur(m, vocab, ctx, text, cues):
    vd = _g(m, "vd")
    if vd:
        return Found(*m.span(), "DURATION", vocab.value("vague_duration", vd))
    unit = vocab.value("unit", m.group("u"))
    if unit is None or not (_g(m, "pre") or _g(m, "vn")):
        return None
    plural = vocab.has("units_plural", m.group("u"))
    if _g(m, "vn") or plural:
        return Found(*m.span(), "DURATION", cal.duration("X", unit))
    return Found(*m.span(), "DURATION", cal.duration(1, unit))


def _set(m, vocab, ctx, text, cues):
    sw = _g(m, "sw")
    if sw:
        return Found(*m.span(), "SET", vocab.value("set_word", sw))
    unit = vocab.value("unit", m.group("u"))
    if unit is None or vocab.has("units_plural", m.group("u")) and not _g(m, "n"):
        return None
    n = number(vocab, _g(m, "n")) if _g(m, "n") else 1
    return Found(*m.span(), "SET", cal.duration(n if n is not None else 1, unit))


def _ref(m, vocab, ctx, text, cues):
    return Found(*m.span(), "DATE", vocab.value("ref", m.group("r")))


def _deictic(m, vocab, ctx, text, cues):
    dx = _g(m, "dx")
    if dx is None:  # "this morning", "tonight"
        base = ctx.dct.isoformat() if ctx.dct else None
        off = 0
    else:
        off = vocab.value("deictic", dx) or 0
        base = ctx.dct.isoformat() if ctx.dct else ctx.deictic_base
    value = cal.day_shift(base, off) if base else None
    if value:
        value = _with_clock(value, m, vocab)
    return Found(*m.span(), _day_type(value), value)


def _same_day(m, vocab, ctx, text, cues):
    base = ctx.anchor or (ctx.dct.isoformat() if ctx.dct else None)
    return Found(*m.span(), "DATE", base)


def _prev_day(m, vocab, ctx, text, cues):
    base = ctx.anchor or (ctx.dct.isoformat() if ctx.dct else None)
    return Found(*m.span(), "DATE", cal.day_shift(base, -1) if base else None)


def _time(m, vocab, ctx, text, cues):
    th = _g(m, "th")
    if th is not None:
        hour, minute = int(th), int(_g(m, "tm") or 0)
        ap = _g(m, "ap")
        if ap and vocab.has("pm", ap) and hour < 12:
            hour += 12
        if ap and vocab.has("am", ap) and hour == 12:
            hour = 0
        clock = f"T{hour:02d}:{minute:02d}" + ("Z" if _g(m, "z") else "")
    else:
        clock = "T" + (vocab.value("clock_word", _g(m, "cw")) or "")
    base = ctx.anchor if ctx.anchor and len(ctx.anchor) == 10 else (ctx.dct.isoformat() if ctx.dct else "")
    return Found(*m.span(), "TIME", base + clock)


def _ordunit(m, vocab, ctx, text, cues):
    unit = vocab.value("unit", m.group("u"))
    o = m.group("o")
    n = ROMAN.get(o.upper()) if o and o.isupper() else None
    if n is None:
        n = vocab.value("ordinal", o)
    if n is None:
        digits = regex.match(r"\d+", o or "")
        n = int(digits.group()) if digits else None
    if not n:
        return None
    if unit == "CE":
        return Found(*m.span(), "DATE", f"{n - 1:02d}")
    if unit == "DE" and n <= 10:
        return Found(*m.span(), "DATE", f"19{n - 1}")
    year = ctx.dct.year if ctx.dct else None
    if _g(m, "y"):
        year = int(m.group("y"))
    elif unit == "Q" and year and n > (ctx.dct.month - 1) // 3 + 1:
        year -= 1
    if unit == "Q" and n <= 4:
        value = f"{year:04d}-Q{n}" if year else f"XXXX-Q{n}"
        ctx.extra["quarter"] = value
        return Found(*m.span(), "DATE", value)
    if unit == "HALF" and n <= 2:
        return Found(*m.span(), "DATE", f"{year:04d}-H{n}" if year else f"XXXX-H{n}")
    return None


def _night(m, vocab, ctx, text, cues):
    """ "у ніч на 5 жовтня": the night of the day before."""
    if _g(m, "d"):
        month = vocab.value("month", m.group("m"))
        if month is None:
            return None
        y = _year(m, ctx)
        if y is None and ctx.dct:
            y = cal.nearest_year(ctx.dct, month, int(m.group("d")), _future(text, *m.span(), cues))
        day = cal.day_shift(cal.fmt_day(y, month, int(m.group("d"))), -1)
    else:
        wd = vocab.value("weekday", m.group("wd"))
        if wd is None:
            return None
        if ctx.dct is None:
            return Found(*m.span(), "TIME", f"XXXX-WXX-{(wd - 2) % 7 + 1}TNI")
        day = (cal.weekday_date(ctx.dct, wd, _future(text, *m.span(), cues)) - timedelta(days=1)).isoformat()
    return Found(*m.span(), "TIME", f"{day}TNI" if day else None)


def _signaled(m, vocab, ctx, text, cues):
    """ "протягом року": a bare unit after a duration signal is a duration of one (or some) units."""
    unit = vocab.value("unit", m.group("u"))
    if unit is None:
        return None
    amount = "X" if vocab.has("units_plural", m.group("u")) else 1
    return Found(*m.span(), "DURATION", cal.duration(amount, unit))


def _quarter_ref(ctx: Context) -> str | None:
    """The quarter a report is about: the last one named, else the one before the DCT's."""
    return ctx.extra.get("quarter") or (cal.shift(ctx.dct, "Q", -1) if ctx.dct else None)


def _detunit(m, vocab, ctx, text, cues):
    """ "the quarter", "the latest quarter": the quarter under discussion."""
    unit = vocab.value("unit", m.group("u"))
    if unit != "Q" or vocab.has("units_plural", m.group("u")):
        return None
    off = vocab.value("rel", _g(m, "rel")) if _g(m, "rel") else 0
    if off and off > 0:
        return Found(*m.span(), "DATE", cal.shift(ctx.dct, "Q", 0) if ctx.dct else None)
    return Found(*m.span(), "DATE", _quarter_ref(ctx))


def _posunit(m, vocab, ctx, text, cues):
    """ "the end of the year", "на початку року": the current unit."""
    unit = vocab.value("unit", m.group("u"))
    if unit not in ("Y", "M", "W", "Q") or vocab.has("units_plural", m.group("u")):
        return None
    return Found(*m.span(), "DATE", cal.shift(ctx.dct, unit, 0) if ctx.dct else None)


def _daypart(m, vocab, ctx, text, cues):
    dp = vocab.value("daypart", m.group("dp"))
    if not dp:
        return None
    return Found(*m.span(), "TIME", f"{ctx.dct.isoformat()}T{dp}" if ctx.dct else f"XXXX-XX-XXT{dp}")


_RULES = {
    "numeric": _numeric, "numeric_slash": _numeric_slash, "date": _date, "range": _range, "month": _month,
    "decade": _decade, "year": _year_rule, "season": _season, "weekday": _weekday, "relunit": _relunit,
    "relyear": _relyear,
    "ago": _ago, "later": _later, "duration": _duration, "clockdur": _clockdur, "vaguedur": _vaguedur,
    "set": _set, "ref": _ref, "deictic": _deictic, "same_day": _same_day, "prev_day": _prev_day,
    "time": _time, "ordunit": _ordunit, "detunit": _detunit, "posunit": _posunit,
    "night": _night, "signaled": _signaled, "daypart": _daypart,
}
