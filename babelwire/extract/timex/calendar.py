"""Calendar arithmetic that writes TIMEX3 values at a given granularity."""

from __future__ import annotations

from datetime import date, timedelta

UNIT_LETTER = {"Y": "Y", "M": "M", "W": "W", "D": "D", "H": "H", "MIN": "M", "S": "S",
               "DE": "DE", "CE": "CE", "Q": "Q", "HALF": "H", "WE": "WE"}
TIME_UNITS = {"H", "MIN", "S"}


def fmt_day(y: int | None, m: int | None, d: int | None) -> str:
    """``YYYY-MM-DD`` / ``YYYY-MM`` / ``XXXX-MM-DD`` from whatever parts are known."""
    ys = f"{y:04d}" if y is not None else "XXXX"
    if m is None:
        return ys
    if d is None:
        return f"{ys}-{m:02d}"
    return f"{ys}-{m:02d}-{d:02d}"


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def shift(ref: date, unit: str, n: int) -> str | None:
    """The period ``n`` units away from ``ref``, written at the unit's granularity."""
    if unit == "Y":
        return f"{ref.year + n:04d}"
    if unit == "M":
        y, m = add_months(ref.year, ref.month, n)
        return fmt_day(y, m, None)
    if unit in ("W", "WE"):
        w = iso_week(ref + timedelta(weeks=n))
        return w + "-WE" if unit == "WE" else w
    if unit == "D":
        return (ref + timedelta(days=n)).isoformat()
    if unit == "Q":
        q = (ref.month - 1) // 3 + n
        return f"{ref.year + q // 4:04d}-Q{q % 4 + 1}"
    if unit == "HALF":
        h = (ref.month - 1) // 6 + n
        return f"{ref.year + h // 2:04d}-H{h % 2 + 1}"
    if unit == "DE":
        return f"{ref.year // 10 + n:03d}"
    if unit == "CE":
        return f"{ref.year // 100 + n:02d}"
    if unit in TIME_UNITS:
        return ref.isoformat()
    return None


LOOKAHEAD = 92  # days: a year-less date up to ~3 months after the DCT is taken as upcoming


def nearest_year(ref: date, month: int, day: int | None, future: bool = False) -> int:
    """The year of a month/day given without one: news mostly look back, future tense looks ahead.

    Without a future cue the date is the most recent one not more than ``LOOKAHEAD`` days after ``ref``;
    with one, the first one not more than a fortnight before it.
    """
    def at(y: int) -> date:
        return date(y, month, min(day or 15, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31))

    if future:
        return ref.year if (at(ref.year) - ref).days >= -15 else ref.year + 1
    return ref.year if (at(ref.year) - ref).days <= LOOKAHEAD else ref.year - 1


def month_with_rel(ref: date, month: int, rel: int) -> int:
    """Year of "last May" (rel -1: most recent past), "next May" (+1), "this May" (0)."""
    if rel < 0:
        return ref.year if month < ref.month else ref.year - 1
    if rel > 0:
        return ref.year if month > ref.month else ref.year + 1
    return ref.year


def weekday_date(ref: date, weekday: int, future: bool, rel: int = 0) -> date:
    """The ISO ``weekday`` near ``ref``: on/before it, or on/after it when the context is future."""
    delta = weekday - ref.isoweekday()
    if rel < 0:
        back = (ref.isoweekday() - weekday) % 7 or 7
        return ref - timedelta(days=back)
    if rel > 0:
        fwd = (weekday - ref.isoweekday()) % 7 or 7
        return ref + timedelta(days=fwd)
    if future:
        return ref + timedelta(days=delta % 7)
    return ref - timedelta(days=(-delta) % 7)


def day_shift(value: str, n: int) -> str | None:
    """Shift a day value (``YYYY-MM-DD`` or ``XXXX-MM-DD``) by ``n`` days, keeping an unknown year unknown."""
    parts = value[:10].split("-")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    known = parts[0].isdigit()
    y = int(parts[0]) if known else 2001  # a non-leap stand-in year
    try:
        d = date(y, int(parts[1]), int(parts[2])) + timedelta(days=n)
    except ValueError:
        return None
    return d.isoformat() if known else "XXXX" + d.isoformat()[4:]


def duration(n: float | str, unit: str) -> str:
    """``P3Y``, ``PT24H``, ``PXD`` …"""
    num = (f"{n:g}" if n != int(n) else str(int(n))) if isinstance(n, float) else str(n)
    if unit == "Q":
        return f"P{int(n) * 3}M" if isinstance(n, (int, float)) and n == int(n) else f"P{num}Q"
    if unit in TIME_UNITS:
        return f"PT{num}{UNIT_LETTER[unit]}"
    return f"P{num}{UNIT_LETTER.get(unit, unit)}"
