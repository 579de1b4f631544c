"""Business Central date formulas (the DateFormula type) and CalcDate, in pure Python.

Grammar, from the CalcDate method page (learn.microsoft.com/en-us/dynamics365/business-central/
dev-itpro/developer/methods-auto/system/system-calcdate-string-date-method)::

    Expr = [Sub][Sub][Sub]          Sub  = [+|-] Term
    Term = <Number><Unit> | <Unit><Number> | C<Unit>
    Unit = D | WD | W | M | Q | Y   (weeks run Monday..Sunday; weekday 1 = Monday, 7 = Sunday)

"Using date formulas" (learn.microsoft.com/en-us/dynamics365/business-central/
ui-enter-date-ranges#use-date-formulas) adds: at most 20 characters, numbers up to 9999,
`CM` is the last day of the month, `D10` is "the next 10th day of a month" and `WD4` "the next
4th day of a week (Thursday)". Terms apply left to right.

Choices where the documentation is silent:

* A `<Unit><Number>` term looks strictly forward (or, with a minus sign, strictly backward):
  the documented `<-WD2>` on Tuesday 1996-05-21 gives the Tuesday before, 1996-05-14, so `WD4`
  on a Thursday gives the next Thursday and `D10` on the 10th gives the 10th of the next month.
* `D29`..`D31` are clamped to the last day of a shorter month (`D31` from 1 Feb 2023 is
  28 Feb 2023), so "the 31st" always means "the month end" rather than skipping months.
* `Wn` is the Monday that starts ISO week n (the week-number scheme BC uses for dates) and `Mn`
  the first day of month n. Positional `Q` and `Y`, and `WD` as an amount (`2WD`), are not
  documented and are rejected.
* `C` with a minus sign gives the start of the period (`-CM` is the 1st; documented in
  business-central/finance-how-specify-posting-periods.md). `CD` and `CWD` leave the date as is.
* Month arithmetic clamps to the month end (31 Jan + 1M = 28/29 Feb, 29 Feb 2024 + 1Y =
  28 Feb 2025), as in business-central/SRB/working-with-contracts/period-calculation.md. A
  number may be 0 (`0D` appears in the posting-period examples).
* Spaces are ignored and letters may be lower case; the 20-character limit counts neither
  spaces nor the optional angle brackets. The formula is not translated: only the English letters
  are understood.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal, TypeAlias, TypeGuard, get_args

Unit: TypeAlias = Literal["D", "WD", "W", "M", "Q", "Y"]
Kind: TypeAlias = Literal["amount", "position", "current"]
Sign: TypeAlias = Literal[1, -1]

MAX_LENGTH: Final = 20
MAX_TERMS: Final = 3
MAX_NUMBER: Final = 9999

_UNITS: Final[tuple[str, ...]] = get_args(Unit)
_KINDS: Final[tuple[str, ...]] = get_args(Kind)
_UNIT_HINT: Final = "use D, WD, W, M, Q or Y"
_UNIT_NAMES: Final[dict[str, str]] = {
    "D": "day",
    "WD": "weekday",
    "W": "week",
    "M": "month",
    "Q": "quarter",
    "Y": "year",
}
# For <Unit><Number>: what the number means, and its allowed range.
_POSITION_RANGES: Final[dict[str, tuple[str, int, int]]] = {
    "D": ("the day of the month", 1, 31),
    "WD": ("the weekday (1 = Monday ... 7 = Sunday)", 1, 7),
    "W": ("the ISO week number", 1, 53),
    "M": ("the month number", 1, 12),
}
_DAYS_PER_UNIT: Final[dict[str, int]] = {"D": 1, "W": 7}
_MONTHS_PER_UNIT: Final[dict[str, int]] = {"M": 1, "Q": 3, "Y": 12}

_CURRENT_RE: Final = re.compile(r"C([A-Z]+)")
_AMOUNT_RE: Final = re.compile(r"([0-9]+)([A-Z]+)")
_POSITION_RE: Final = re.compile(r"([A-Z]+)([0-9]+)")
_TERM_START_RE: Final = re.compile(r"(?=[+-])")


class DateFormulaError(ValueError):
    """A date formula that cannot be parsed or applied; the message says what to change."""


class _Problem(Exception):
    """Internal: what is wrong with a formula, before the formula text is added."""


def _term_problem(kind: str, unit: str, number: int) -> str | None:
    """Why this combination is not a valid term, or None when it is."""
    if kind not in _KINDS:
        return f"unknown term kind {kind!r} (use one of {', '.join(_KINDS)})"
    if unit not in _UNITS:
        return f"unknown unit {unit!r} ({_UNIT_HINT})"
    if kind == "current":
        return None if number == 0 else f"'C{unit}' takes no number"
    if number > MAX_NUMBER:
        return f"number {number} is too large (the maximum is {MAX_NUMBER})"
    if kind == "amount":
        return _amount_problem(unit, number)
    return _position_problem(unit, number)


def _amount_problem(unit: str, number: int) -> str | None:
    if number < 0:
        return f"number {number} must not be negative; put a minus sign in front of the term"
    if unit == "WD":
        return (
            f"'{number}WD' is not supported: WD (weekday) only works before a number, "
            f"e.g. WD4 for the next Thursday; use {number}D for a number of days"
        )
    return None


def _position_problem(unit: str, number: int) -> str | None:
    if unit not in _POSITION_RANGES:
        name = _UNIT_NAMES[unit]
        return (
            f"'{unit}{number}' is not supported: {unit} cannot be followed by a number; "
            f"use {number}{unit} for a number of {name}s or C{unit} for the current {name}"
        )
    meaning, low, high = _POSITION_RANGES[unit]
    if not low <= number <= high:
        return f"'{unit}{number}' is out of range: {meaning} must be from {low} to {high}"
    return None


@dataclass(frozen=True)
class Term:
    """One signed sub-expression: `30D` (amount), `D15` (position) or `CM` (current)."""

    sign: Sign
    kind: Kind
    unit: Unit
    number: int

    def __post_init__(self) -> None:
        problem = _term_problem(self.kind, self.unit, self.number)
        if self.sign not in (1, -1):
            problem = f"sign must be 1 or -1, not {self.sign}"
        if problem is not None:
            raise DateFormulaError(f"Invalid date formula term: {problem}")

    def __str__(self) -> str:
        sign = "+" if self.sign > 0 else "-"
        if self.kind == "amount":
            return f"{sign}{self.number}{self.unit}"
        if self.kind == "position":
            return f"{sign}{self.unit}{self.number}"
        return f"{sign}C{self.unit}"

    def apply(self, on: dt.date) -> dt.date:
        """The date this term moves `on` to."""
        try:
            return _STEPS[self.kind](self, on)
        except DateFormulaError:
            raise
        except (OverflowError, ValueError) as exc:
            raise DateFormulaError(
                f"Date formula term '{self}' cannot be applied to {on.isoformat()}: "
                "the result is outside the supported dates (years 1 to 9999)"
            ) from exc


@dataclass(frozen=True)
class DateFormula:
    """A parsed date formula; `text` is its normalized `<...>` form."""

    text: str
    terms: tuple[Term, ...]

    @classmethod
    def parse(cls, text: str) -> DateFormula:
        """Parse a formula such as `<CQ+1M-10D>`, `cm+30d` or `-WD2`."""
        try:
            terms = _parse_terms(text)
        except _Problem as problem:
            raise DateFormulaError(f"Invalid date formula {text!r}: {problem}") from None
        return cls(text=_render(terms), terms=terms)

    def apply(self, on: dt.date) -> dt.date:
        """CalcDate: apply the terms to `on`, left to right."""
        result = on
        for term in self.terms:
            result = term.apply(result)
        return result

    def __str__(self) -> str:
        return self.text


def calc_date(formula: str | DateFormula, on: dt.date) -> dt.date:
    """Business Central's CalcDate(formula, on)."""
    parsed = formula if isinstance(formula, DateFormula) else DateFormula.parse(formula)
    return parsed.apply(on)


# --- parsing -------------------------------------------------------------------------------


def _parse_terms(text: str) -> tuple[Term, ...]:
    body = _unwrap(text.upper())
    if len(body) > MAX_LENGTH:
        raise _Problem(
            f"too long ({len(body)} characters; the maximum is {MAX_LENGTH}, "
            "not counting spaces and angle brackets)"
        )
    chunks = _split(body)
    if len(chunks) > MAX_TERMS:
        raise _Problem(f"a formula can have at most {MAX_TERMS} terms, found {len(chunks)}")
    return tuple(_parse_term(chunk) for chunk in chunks)


def _unwrap(text: str) -> str:
    """The formula without spaces and without its optional `<...>` wrapper."""
    compact = "".join(text.split())
    opens, closes = compact.startswith("<"), compact.endswith(">")
    if opens != closes:
        raise _Problem("unbalanced angle brackets; write the formula as <...> or without them")
    return compact[1:-1] if opens else compact


def _split(body: str) -> list[str]:
    """Signed chunks, one per term: 'CQ+1M-10D' -> ['CQ', '+1M', '-10D']."""
    return [chunk for chunk in _TERM_START_RE.split(body) if chunk]


def _parse_term(chunk: str) -> Term:
    sign: Sign = -1 if chunk.startswith("-") else 1
    body = chunk.lstrip("+-")
    if not body:
        raise _Problem(f"{chunk!r} must be followed by a term such as 30D, D15 or CM")
    kind, unit, number = _classify(body)
    if not _is_unit(unit):
        raise _Problem(f"unknown unit {unit!r} ({_UNIT_HINT})")
    problem = _term_problem(kind, unit, number)
    if problem is not None:
        raise _Problem(problem)
    return Term(sign=sign, kind=kind, unit=unit, number=number)


def _is_unit(text: str) -> TypeGuard[Unit]:
    return text in _UNITS


def _classify(body: str) -> tuple[Kind, str, int]:
    """(kind, unit, number) read from an unsigned term, not yet validated."""
    if match := _CURRENT_RE.fullmatch(body):
        return "current", match[1], 0
    if match := _AMOUNT_RE.fullmatch(body):
        return "amount", match[2], int(match[1])
    if match := _POSITION_RE.fullmatch(body):
        if (current := match[1].removeprefix("C")) in _UNIT_NAMES and current != match[1]:
            raise _Problem(f"'C{current}' (the current {_UNIT_NAMES[current]}) takes no number")
        return "position", match[1], int(match[2])
    raise _Problem(
        f"{body!r} is not a valid term; write a number and a unit (30D), a unit and a number "
        "(D15) or C and a unit (CM), and join terms with + or -"
    )


def _render(terms: tuple[Term, ...]) -> str:
    """The normalized `<...>` text; a leading plus sign is left out."""
    return "<" + "".join(str(term) for term in terms).removeprefix("+") + ">"


# --- calendar helpers ----------------------------------------------------------------------


def _days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _clamped(year: int, month: int, day: int) -> dt.date:
    """The given day of the month, or the month's last day when the month is shorter."""
    return dt.date(year, month, min(day, _days_in_month(year, month)))


def _add_months(on: dt.date, months: int) -> dt.date:
    year, month0 = divmod(on.year * 12 + on.month - 1 + months, 12)
    return _clamped(year, month0 + 1, on.day)


def _is_ahead(candidate: dt.date, on: dt.date, sign: int) -> bool:
    """Whether `candidate` lies strictly after `on` (sign +1) or strictly before it (-1)."""
    return (candidate - on).days * sign > 0


def _iso_week_start(year: int, week: int) -> dt.date | None:
    try:
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError:  # no week 53 that year, or a year out of range
        return None


# --- the three kinds of term ---------------------------------------------------------------


def _apply_amount(term: Term, on: dt.date) -> dt.date:
    if term.unit in _DAYS_PER_UNIT:
        return on + dt.timedelta(days=term.sign * term.number * _DAYS_PER_UNIT[term.unit])
    return _add_months(on, term.sign * term.number * _MONTHS_PER_UNIT[term.unit])


def _next_day_of_month(on: dt.date, day: int, sign: int) -> dt.date:
    candidate = _clamped(on.year, on.month, day)
    if _is_ahead(candidate, on, sign):
        return candidate
    neighbour = _add_months(on.replace(day=1), sign)
    return _clamped(neighbour.year, neighbour.month, day)


def _next_weekday(on: dt.date, weekday: int, sign: int) -> dt.date:
    gap = ((weekday - on.isoweekday()) * sign) % 7 or 7
    return on + dt.timedelta(days=gap * sign)


def _next_week_start(on: dt.date, week: int, sign: int) -> dt.date:
    # Years with a week 53 are at most 7 years apart, so 8 years either way always suffice.
    base = on.isocalendar().year
    starts = [_iso_week_start(year, week) for year in range(base - 8, base + 9)]
    ahead = [start for start in starts if start is not None and _is_ahead(start, on, sign)]
    if not ahead:
        raise ValueError("no such week within the supported dates")
    return min(ahead) if sign > 0 else max(ahead)


def _next_month_start(on: dt.date, month: int, sign: int) -> dt.date:
    candidate = dt.date(on.year, month, 1)
    return candidate if _is_ahead(candidate, on, sign) else dt.date(on.year + sign, month, 1)


_POSITION_STEPS: Final[dict[str, Callable[[dt.date, int, int], dt.date]]] = {
    "D": _next_day_of_month,
    "WD": _next_weekday,
    "W": _next_week_start,
    "M": _next_month_start,
}


def _apply_position(term: Term, on: dt.date) -> dt.date:
    return _POSITION_STEPS[term.unit](on, term.number, term.sign)


def _period(on: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """First and last day of the day, week, month, quarter or year that holds `on`."""
    if unit in ("D", "WD"):
        return on, on
    if unit == "W":
        monday = on - dt.timedelta(days=on.isoweekday() - 1)
        return monday, monday + dt.timedelta(days=6)
    first_month = {"M": on.month, "Q": 3 * ((on.month - 1) // 3) + 1, "Y": 1}[unit]
    last_month = first_month + _MONTHS_PER_UNIT[unit] - 1
    return dt.date(on.year, first_month, 1), _clamped(on.year, last_month, 31)


def _apply_current(term: Term, on: dt.date) -> dt.date:
    first, last = _period(on, term.unit)
    return last if term.sign > 0 else first


_STEPS: Final[dict[str, Callable[[Term, dt.date], dt.date]]] = {
    "amount": _apply_amount,
    "position": _apply_position,
    "current": _apply_current,
}
