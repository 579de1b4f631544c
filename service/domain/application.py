"""Application: an outbound entry takes its quantity from open inbound entries.

Candidates share item, variant and location (and bin, serial, lot and package where the
outbound entry states them). FIFO by posting date and entry number; FEFO (earliest expiration
first, ties to the lowest lot and serial number, as Business Central picks) under strict
expiration posting, which also leaves expired entries alone unless the document kind is exempt.
Blocked stock (a serial, lot or package whose information card is blocked) is left out of
availability, as Business Central leaves it out: an outbound line that names no number takes
the unblocked stock, and one that cannot be filled without blocked stock is refused.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from service.domain.postings import Movement, Numbers

EPSILON = 1e-9


@dataclass
class OpenEntry:
    """An inbound entry with quantity left; `key` is its entry number (negative: planned)."""

    key: int
    item_no: str
    variant_code: str
    location_code: str
    bin_code: str
    numbers: Numbers
    posting_date: dt.date
    expiration_date: dt.date | None
    remaining: float
    warranty_date: dt.date | None = None


@dataclass(frozen=True)
class Applied:
    inbound: OpenEntry
    quantity: float


@dataclass(frozen=True)
class Allocation:
    applied: list[Applied]
    short: float  # what could not be applied
    expired: OpenEntry | None  # an expired entry that was passed over, if any
    blocked: OpenEntry | None  # a blocked entry that was passed over, if any


def _matches(outbound: Movement, entry: OpenEntry) -> bool:
    wanted = outbound.numbers
    return (
        entry.remaining > EPSILON
        and entry.item_no == outbound.item_no
        and entry.variant_code == outbound.variant_code
        and entry.location_code == outbound.location_code
        and (not outbound.bin_code or entry.bin_code == outbound.bin_code)
        and (not wanted.serial_no or entry.numbers.serial_no == wanted.serial_no)
        and (not wanted.lot_no or entry.numbers.lot_no == wanted.lot_no)
        and (not wanted.package_no or entry.numbers.package_no == wanted.package_no)
    )


def allocate(
    outbound: Movement,
    open_entries: list[OpenEntry],
    *,
    fefo: bool,
    refuse_expired_on: dt.date | None,
    is_blocked: Callable[[OpenEntry], bool],
) -> Allocation:
    """Take `outbound.quantity` from the matching entries that are not blocked (only from the
    entry it names, `outbound.applies_to`, when it names one), lowering their `remaining`."""
    only = outbound.applies_to
    candidates = [
        e for e in open_entries if (only is None or e.key == only) and _matches(outbound, e)
    ]
    if fefo:
        candidates.sort(
            key=lambda e: (
                e.expiration_date or dt.date.max,
                e.numbers.lot_no,
                e.numbers.serial_no,
                e.posting_date,
                e.key < 0,
                abs(e.key),
            )
        )
    else:
        candidates.sort(key=lambda e: (e.posting_date, e.key < 0, abs(e.key)))
    needed = outbound.quantity
    applied: list[Applied] = []
    expired: OpenEntry | None = None
    blocked: OpenEntry | None = None
    for entry in candidates:
        if needed <= EPSILON:
            break
        if is_blocked(entry):
            blocked = blocked or entry
            continue
        if (
            refuse_expired_on
            and entry.expiration_date
            and entry.expiration_date < refuse_expired_on
        ):
            expired = expired or entry
            continue
        take = min(needed, entry.remaining)
        entry.remaining = round(entry.remaining - take, 5)
        needed = round(needed - take, 5)
        applied.append(Applied(entry, take))
    return Allocation(applied, max(needed, 0.0), expired, blocked)
