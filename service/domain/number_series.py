"""Business Central number series ("No. Series"): the next number, and when a series runs out.

A series hands out numbers such as `SN00001`, `SN00002`, ... from its Starting No., stepping by
Increment-by No., until its Ending No.; passing the Warning No. warns that it will soon run out.
The next number follows BC's IncStr: only the rightmost run of digits changes, keeping its
zero-padding and growing by a digit only when it overflows (`SN00009` -> `SN00010`,
`A99` -> `A100`, `2026-001-X` -> `2026-002-X`). Like BC's Code[20] fields, numbers are trimmed,
upper-cased and at most 20 characters long.

Choices where Business Central leaves room:

* A minus sign is an ordinary character: `LOT-2026-0099` -> `LOT-2026-0100`. (BC's IncStr
  would *decrease* a negative number; in a number series a hyphen is a separator.)
* Two numbers have "the same format" when the text around their rightmost digit run is the
  same (`LOT-2026-` + digits); they are then compared by the value of those digits, so
  `A999` < `A1000` (BC compares the strings). Ending No., Warning No. and, once numbers have been
  drawn, Last No. Used must share Starting No.'s format.
* Warning No. needs an Ending No. (BC's TestField), clearing Ending No. clears Warning No., and
  Starting No. <= Warning No. <= Ending No.; Ending No. may not fall below Last No. Used.
* A draw of several numbers is all or nothing: when the series cannot supply all of them, none
  is assigned.
"""

import re
from datetime import date
from typing import Annotated, Any, Final

from pydantic import AfterValidator, Field, StringConstraints, field_validator

from service.domain.cells import Printable
from service.domain.master_data import Code20, Strict, Text100
from service.errors import Conflict, InvalidInput

MAX_LENGTH: Final = 20
MAX_DRAW: Final = 1000
_RIGHTMOST_DIGITS: Final = re.compile(r"([0-9]+)[^0-9]*$")


class UnincrementableNo(ValueError):
    """A number with no digits in it: there is nothing to count up."""


def _must_have_digit(no: str) -> str:
    if no and not any(c in "0123456789" for c in no):
        raise ValueError(
            f"{no!r} must contain a number so that the next number in the series can be assigned"
        )
    return no


# Starting No. is required; Ending No. and Warning No. may be blank ("" = none).
StartingNo = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_upper=True, min_length=1, max_length=MAX_LENGTH),
    Printable,
    AfterValidator(_must_have_digit),
]
OptionalNo = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_upper=True, max_length=MAX_LENGTH),
    Printable,
    AfterValidator(_must_have_digit),
]
IncrementBy = Annotated[int, Field(ge=1, description="Step between two numbers")]


class NumberSeriesCreate(Strict):
    code: Code20
    description: Text100 = ""
    starting_no: StartingNo = Field(description="The first number the series assigns")
    increment_by_no: IncrementBy = 1
    ending_no: OptionalNo = Field(default="", description="The last number; blank: no end")
    warning_no: OptionalNo = Field(
        default="", description="From this number on, each draw warns that the series runs out"
    )


class NumberSeries(NumberSeriesCreate):
    """A series as stored; Last No. Used and Last Date Used change only by drawing numbers."""

    last_no_used: str = ""
    last_date_used: date | None = None
    skipped_nos: int = Field(
        default=0, description="Numbers passed over because they already existed (all draws)"
    )
    last_skipped_no: str = Field(default="", description="The latest number passed over")


class NumberSeriesUpdate(Strict):
    """Fields to change; `null` clears description, ending_no and warning_no."""

    description: Text100 | None = None
    starting_no: StartingNo | None = None
    increment_by_no: IncrementBy | None = None
    ending_no: OptionalNo | None = None
    warning_no: OptionalNo | None = None

    @field_validator("description", "ending_no", "warning_no", mode="before")
    @classmethod
    def _null_clears(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("starting_no", "increment_by_no", mode="before")
    @classmethod
    def _null_refused(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("cannot be cleared")
        return value


class DrawRequest(Strict):
    count: int = Field(default=1, ge=1, le=MAX_DRAW, description="How many numbers to draw")


class Drawn(Strict):
    """Numbers drawn from a series, in order, and the warning when it is running out."""

    code: str
    numbers: list[str]
    last_no_used: str
    last_date_used: date
    warning: str | None = None
    skipped: list[str] = Field(
        default_factory=list,
        description="Numbers of the series passed over because they already exist",
    )


# --- numbers ------------------------------------------------------------------------------


def split_no(no: str) -> tuple[str, str, str]:
    """`(text before, rightmost digits, text after)`: `LOT-2026-0099` -> `LOT-2026-`, `0099`, ``."""
    found = _RIGHTMOST_DIGITS.search(no)
    if found is None:
        raise UnincrementableNo(f"{no!r} contains no number, so it cannot be incremented.")
    return no[: found.start(1)], found.group(1), no[found.end(1) :]


def increment(no: str, by: int = 1) -> str:
    """BC's IncStr: add `by` to the rightmost run of digits, keeping its zero-padding width."""
    if by < 0:
        raise ValueError(f"increment must not be negative, got {by}")
    before, digits, after = split_no(no)
    return before + str(int(digits) + by).zfill(len(digits)) + after


def same_format(a: str, b: str) -> bool:
    """Whether two numbers differ at most in their rightmost digits."""
    before_a, _, after_a = split_no(a)
    before_b, _, after_b = split_no(b)
    return (before_a, after_a) == (before_b, after_b)


def value_of(no: str) -> int:
    """The value of a number's rightmost digits (what orders numbers of one format)."""
    return int(split_no(no)[1])


# --- setting a series up -------------------------------------------------------------------

_CAPTIONS: Final = {
    "starting_no": "Starting No.",
    "ending_no": "Ending No.",
    "warning_no": "Warning No.",
    "last_no_used": "Last No. Used",
}


def _check_against(series: NumberSeries, field: str, other: str, *, at_least: bool) -> None:
    """`field` must have `other`'s format and (at_least) not be below it, or (not at_least) not
    above it. `other` names a field too."""
    no, reference = getattr(series, field), getattr(series, other)
    caption, other_caption = _CAPTIONS[field], _CAPTIONS[other]
    if not same_format(no, reference):
        raise InvalidInput(
            f"The number format in {caption} ({no}) must be the same as the number format in "
            f"{other_caption} ({reference}).",
            field=field,
            code="number-format-mismatch",
        )
    below = value_of(no) < value_of(reference)
    above = value_of(no) > value_of(reference)
    if (below and at_least) or (above and not at_least):
        relation = "less" if at_least else "greater"
        raise InvalidInput(
            f"{caption} {no} must not be {relation} than {other_caption} {reference}.",
            field=field,
            code="number-out-of-order",
        )


def check_series(series: NumberSeries) -> NumberSeries:
    """Refuse a series whose numbers do not fit together; the error names the field to fix."""
    if series.ending_no:
        _check_against(series, "ending_no", "starting_no", at_least=True)
    if series.warning_no:
        if not series.ending_no:
            raise InvalidInput(
                "Warning No. needs an Ending No.: set ending_no as well.",
                field="warning_no",
                code="warning-no-without-ending-no",
            )
        _check_against(series, "warning_no", "starting_no", at_least=True)
        _check_against(series, "warning_no", "ending_no", at_least=False)
    if series.last_no_used:
        _check_against(series, "starting_no", "last_no_used", at_least=False)
        if series.ending_no:
            _check_against(series, "ending_no", "last_no_used", at_least=True)
    return series


def new_series(create: NumberSeriesCreate) -> NumberSeries:
    """A series as first stored: nothing drawn yet."""
    return check_series(NumberSeries.model_validate(create.model_dump()))


def apply_update(series: NumberSeries, changes: NumberSeriesUpdate) -> NumberSeries:
    """The series with `changes` applied; clearing Ending No. clears Warning No. (as in BC)."""
    values = changes.model_dump(exclude_unset=True)
    if values.get("ending_no") == "" and "warning_no" not in values:
        values["warning_no"] = ""
    return check_series(series.model_copy(update=values))


# --- drawing numbers -----------------------------------------------------------------------


def _cannot_assign(series: NumberSeries, why: str, *, remaining: int) -> Conflict:
    return Conflict(
        f"You cannot assign new numbers from the number series {series.code}. {why}",
        code="number-series-exhausted",
        remaining=remaining,
    )


def _remaining_after(series: NumberSeries, no: str) -> int:
    """How many more numbers fit after `no` before the ending number."""
    return max(0, (value_of(series.ending_no) - value_of(no)) // series.increment_by_no)


def draw(series: NumberSeries, count: int, today: date) -> Drawn:
    """The next `count` numbers of `series`, or a 409 (none assigned) when it cannot supply them.

    The first number ever drawn is Starting No.; each later one is the one before plus
    Increment-by No. A warning comes back once the last number drawn has reached Warning No.
    """
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    numbers: list[str] = []
    last = series.last_no_used
    for _ in range(count):
        no = increment(last, series.increment_by_no) if last else series.starting_no
        if len(no) > MAX_LENGTH:
            raise _cannot_assign(
                series,
                f"The number {last} cannot be extended to more than {MAX_LENGTH} characters.",
                remaining=len(numbers),
            )
        if series.ending_no and value_of(no) > value_of(series.ending_no):
            if numbers:
                why = (
                    f"{count} numbers were requested, but only {len(numbers)} remain before "
                    f"the ending number {series.ending_no}."
                )
            else:
                why = f"The next number, {no}, would pass the ending number {series.ending_no}."
            raise _cannot_assign(series, why, remaining=len(numbers))
        numbers.append(no)
        last = no
    warning = None
    if series.warning_no and value_of(last) >= value_of(series.warning_no):
        left = _remaining_after(series, last)
        warning = (
            f"The number series {series.code} has reached its warning number "
            f"{series.warning_no}: {left} more {'number' if left == 1 else 'numbers'} can be "
            f"assigned before the ending number {series.ending_no}."
        )
    return Drawn(
        code=series.code,
        numbers=numbers,
        last_no_used=last,
        last_date_used=today,
        warning=warning,
    )


def passing_over(series: NumberSeries, drawn: Drawn, taken: set[str]) -> NumberSeries:
    """The series as it stands after `drawn`, with its numbers in `taken` (found to exist
    already) counted as passed over."""
    skipped = [no for no in drawn.numbers if no in taken]
    return series.model_copy(update={
        "last_no_used": drawn.last_no_used,
        "last_date_used": drawn.last_date_used,
        "skipped_nos": series.skipped_nos + len(skipped),
        "last_skipped_no": skipped[-1] if skipped else series.last_skipped_no,
    })  # fmt: skip
