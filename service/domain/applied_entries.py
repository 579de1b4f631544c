"""Lines that name the entry they apply to or from: Business Central's Appl.-to Item Entry and
Appl.-from Item Entry.

An outbound line may name the inbound entry it takes its stock from (`applies_to_entry_no`): a
purchase return of exactly what one receipt brought in, say. It takes only from that entry,
which must be open, of the line's item, variant and location.

A sales return receipt (or a positive adjustment) may name the outbound entry it reverses
(`applies_from_entry_no`), the sale (or negative adjustment) that took the stock out. It
carries that entry's expiration and warranty dates (so it is exempt from required expiration
and warranty date entry, as Business Central exempts lines with Appl.-from Item Entry), and
returns at most what the entry took out, less what earlier returns brought back.

Either way the line gets the named entry's serial and lot numbers when it names none, and must
match them when it does.
"""

import datetime as dt
from dataclasses import dataclass, replace

from service.domain import tracking_rules as rules
from service.domain.application import EPSILON
from service.domain.postings import Movement, Numbers, PostingLine

REVERSES = {"Sale": "Sale", "Positive Adjmt.": "Negative Adjmt."}
"""The entry type a return's entry type reverses."""


@dataclass(frozen=True)
class AppliedEntry:
    """An entry a line names, as the posting read it (under its items' locks)."""

    key: int
    entry_type: str
    item_no: str
    variant_code: str
    location_code: str
    bin_code: str
    numbers: Numbers
    quantity: float  # as posted: negative for an outbound entry
    open: bool
    returned: float  # by earlier returns that applied from it
    expiration_date: dt.date | None
    warranty_date: dt.date | None


def named_entry_nos(lines: list[PostingLine]) -> list[int]:
    """The entries the lines apply to or from."""
    named = {
        no
        for line in lines
        for t in line.tracking
        for no in (t.applies_to_entry_no, t.applies_from_entry_no)
        if no is not None
    }
    return sorted(named)


def with_applied_numbers(
    lines: list[PostingLine], entries: dict[int, AppliedEntry]
) -> list[PostingLine]:
    """The lines with each tracking line that names an entry and no serial number (or lot)
    given that entry's, so the posting reads their cards, lots and open entries as for any
    number named (a mismatch is refused when planning)."""
    filled = []
    for line in lines:
        tracking = []
        for t in line.tracking:
            entry = entries.get(t.applies_to_entry_no or t.applies_from_entry_no or 0)
            if entry is not None:
                t = t.model_copy(update={
                    "serial_no": t.serial_no or entry.numbers.serial_no or None,
                    "lot_no": t.lot_no or entry.numbers.lot_no or None,
                })  # fmt: skip
            tracking.append(t)
        filled.append(line.model_copy(update={"tracking": tracking}))
    return filled


def _check(entry: AppliedEntry, expected: list[tuple[str, str, str]]) -> None:
    """Business Central's TestField on the named entry: each (caption, expected, actual)."""
    for caption, wanted, actual in expected:
        if wanted != actual:
            raise rules.applied_entry_differs(caption, wanted, actual, entry.key)


def _numbers(m: Movement, entry: AppliedEntry) -> list[tuple[str, str, str]]:
    n = entry.numbers
    return [
        ("Item No.", m.item_no, entry.item_no),
        ("Variant Code", m.variant_code, entry.variant_code),
        ("Serial No.", m.numbers.serial_no or n.serial_no, n.serial_no),
        ("Lot No.", m.numbers.lot_no or n.lot_no, n.lot_no),
    ]


def taking_from(m: Movement, entry: AppliedEntry | None) -> None:
    """Refuses an outbound `m` that cannot take from the entry it names (None: it does not
    exist): not inbound, not open, or not the line's item, variant, location (and bin, when the
    line names one) or numbers."""
    assert m.applies_to is not None
    if entry is None:
        raise rules.applied_entry_missing(m.applies_to)
    positive = "Yes" if entry.quantity > 0 else "No"
    _check(entry, [("Positive", "Yes", positive), *_numbers(m, entry),
                   ("Location Code", m.location_code, entry.location_code),
                   ("Bin Code", m.bin_code or entry.bin_code, entry.bin_code),
                   ("Open", "Yes", "Yes" if entry.open else "No")])  # fmt: skip


def reversing(m: Movement, entry: AppliedEntry | None, returned_before: float) -> Movement:
    """`m`, a return of (part of) `entry` (None: the entry it names does not exist), with the
    entry's numbers and dates; refused when it is not that entry's stock coming back or brings
    back more than is left to return (`returned_before` counts this document's earlier lines)."""
    assert m.applies_from is not None
    if entry is None:
        raise rules.applied_entry_missing(m.applies_from)
    positive = "Yes" if entry.quantity > 0 else "No"
    _check(entry, [("Positive", "No", positive), *_numbers(m, entry),
                   ("Entry Type", REVERSES.get(m.entry_type, ""), entry.entry_type)])  # fmt: skip
    taken, returned = -entry.quantity, entry.returned + returned_before
    if m.quantity > taken - returned + EPSILON:
        raise rules.returned_too_much(entry.key, m.quantity, taken, returned)
    n = entry.numbers
    return replace(
        m,
        numbers=Numbers(n.serial_no, n.lot_no, m.numbers.package_no),
        expiration_date=m.expiration_date or entry.expiration_date,
        warranty_date=m.warranty_date or entry.warranty_date,
    )
