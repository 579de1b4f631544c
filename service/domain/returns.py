"""Returns that reverse an outbound entry: Business Central's Appl.-from Item Entry.

A sales return receipt (or a positive adjustment) may name the outbound entry it reverses, the
sale (or negative adjustment) that took the stock out. The line then gets that entry's serial
and lot numbers when it names none, must match them when it does, carries the entry's expiration
and warranty dates (so it is exempt from required expiration and warranty date entry, as
Business Central exempts lines with Appl.-from Item Entry), and returns at most what the entry
took out, less what earlier returns brought back.
"""

import datetime as dt
from dataclasses import dataclass, replace

from service.domain import tracking_rules as rules
from service.domain.application import EPSILON
from service.domain.postings import Movement, Numbers, PostingLine

REVERSES = {"Sale": "Sale", "Positive Adjmt.": "Negative Adjmt."}
"""The entry type a return's entry type reverses."""


@dataclass(frozen=True)
class ShippedEntry:
    """An entry a return names, as the posting read it: what it took out and what came back."""

    key: int
    entry_type: str
    item_no: str
    variant_code: str
    numbers: Numbers
    quantity: float  # as posted: negative for an outbound entry
    returned: float  # by earlier returns that applied from it
    expiration_date: dt.date | None
    warranty_date: dt.date | None


def with_shipped_numbers(
    lines: list[PostingLine], shipped: dict[int, ShippedEntry]
) -> list[PostingLine]:
    """The lines with each tracking line that applies from an entry and names no serial number
    (or lot) given that entry's, so the posting reads their cards and lots as for any number
    named (a mismatch is refused when planning, `reversing`)."""
    filled = []
    for line in lines:
        tracking = []
        for t in line.tracking:
            entry = shipped.get(t.applies_from_entry_no or 0)
            if entry is not None:
                t = t.model_copy(update={
                    "serial_no": t.serial_no or entry.numbers.serial_no or None,
                    "lot_no": t.lot_no or entry.numbers.lot_no or None,
                })  # fmt: skip
            tracking.append(t)
        filled.append(line.model_copy(update={"tracking": tracking}))
    return filled


def reversing(m: Movement, entry: ShippedEntry | None, returned_before: float) -> Movement:
    """`m`, a return of (part of) `entry` (None: the entry it names does not exist), with the
    entry's numbers and dates; refused when it is not that entry's stock coming back or brings
    back more than is left to return (`returned_before` counts this document's earlier lines)."""
    assert m.applies_from is not None
    if entry is None:
        raise rules.applied_entry_missing(m.applies_from)
    n = entry.numbers
    for caption, expected, actual in (
        ("Positive", "No", "Yes" if entry.quantity > 0 else "No"),
        ("Item No.", m.item_no, entry.item_no),
        ("Variant Code", m.variant_code, entry.variant_code),
        ("Entry Type", REVERSES.get(m.entry_type, ""), entry.entry_type),
        ("Serial No.", m.numbers.serial_no or n.serial_no, n.serial_no),
        ("Lot No.", m.numbers.lot_no or n.lot_no, n.lot_no),
    ):
        if expected != actual:
            raise rules.applied_entry_differs(caption, expected, actual, entry.key)
    taken, returned = -entry.quantity, entry.returned + returned_before
    if m.quantity > taken - returned + EPSILON:
        raise rules.returned_too_much(entry.key, m.quantity, taken, returned)
    return replace(
        m,
        numbers=Numbers(n.serial_no, n.lot_no, m.numbers.package_no),
        expiration_date=m.expiration_date or entry.expiration_date,
        warranty_date=m.warranty_date or entry.warranty_date,
    )
