"""Quantities as Business Central keeps them: decimals to 0.00001, nothing finer.

A quantity in a request is a JSON number: not a string (`"1"`), not a boolean (`true`), not
`NaN` or `Infinity`. One with more than five decimals is refused rather than rounded away: BC
stores 0.00001 as its finest step (`Rounding Precision` 0.00001), and a 1e-300 would make an
entry that can never be closed.
"""

import math

PLACES = 5
STEP = 10**-PLACES


def finer_than_bc(value: float) -> bool:
    """Whether `value` has more than five decimals (beyond float noise), or is a non-zero value
    smaller than the step."""
    rounded = round(value, PLACES)
    return (value != 0 and rounded == 0) or abs(value - rounded) > 1e-9 * max(1.0, abs(value))


def quantity_fault(value: object) -> str | None:
    """Why `value` cannot be a quantity, or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"must be a number, not {type(value).__name__} {value!r}"
    if not math.isfinite(value):
        return f"must be a finite number, not {value}"
    if finer_than_bc(float(value)):
        return f"{value} has more than {PLACES} decimals (Business Central's precision is 0.00001)"
    return None


def to_bc_precision(value: float) -> float:
    """The quantity at BC's precision; refuses one that is finer."""
    if finer_than_bc(value):
        raise ValueError(
            f"{value} has more than {PLACES} decimals (Business Central's precision is 0.00001)"
        )
    return round(value, PLACES)
