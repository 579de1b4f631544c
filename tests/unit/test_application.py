"""Application of an outbound entry to open inbound entries: blocked stock is left out."""

import datetime as dt
from dataclasses import replace

from service.domain.application import OpenEntry, allocate
from service.domain.postings import Movement, Numbers


def _open(key: int, lot: str, remaining: float, day: int) -> OpenEntry:
    return OpenEntry(key, "FLOUR", "", "MAIN", "", Numbers("", lot, ""),
                     dt.date(2026, 10, day), None, remaining)  # fmt: skip


def _outbound(quantity: float, lot: str = "") -> Movement:
    return Movement(1, "Sale", -1, "FLOUR", "", "MAIN", "", quantity, Numbers("", lot, ""))


def test_blocked_stock_is_passed_over_and_named_when_the_rest_falls_short() -> None:
    old, new = _open(1, "OLD", 3, 1), _open(2, "NEW", 2, 2)
    blocked = {"OLD"}

    taken = allocate(_outbound(2), [old, new], fefo=False, refuse_expired_on=None,
                     is_blocked=lambda e: e.numbers.lot_no in blocked)  # fmt: skip
    assert [(a.inbound.key, a.quantity) for a in taken.applied] == [(2, 2)]
    assert (taken.short, taken.blocked) == (0, old)
    assert old.remaining == 3

    short = allocate(_outbound(1), [old, new], fefo=False, refuse_expired_on=None,
                     is_blocked=lambda e: e.numbers.lot_no in blocked)  # fmt: skip
    assert (short.applied, short.short, short.blocked) == ([], 1, old)


def test_without_blocks_the_oldest_stock_goes_first() -> None:
    old, new = _open(1, "OLD", 3, 1), _open(2, "NEW", 2, 2)
    taken = allocate(_outbound(4), [new, old], fefo=False, refuse_expired_on=None,
                     is_blocked=lambda e: False)  # fmt: skip
    assert [(a.inbound.key, a.quantity) for a in taken.applied] == [(1, 3), (2, 1)]
    assert (taken.short, taken.blocked) == (0, None)


def test_a_line_naming_its_entry_takes_from_that_one_only_even_under_fefo() -> None:
    soon = OpenEntry(1, "FLOUR", "", "MAIN", "", Numbers("", "SOON", ""), dt.date(2026, 10, 1),
                     dt.date(2026, 12, 1), 5)  # fmt: skip
    late = OpenEntry(2, "FLOUR", "", "MAIN", "", Numbers("", "LATE", ""), dt.date(2026, 10, 2),
                     dt.date(2027, 6, 1), 2)  # fmt: skip
    named = replace(_outbound(3), applies_to=2)
    taken = allocate(named, [soon, late], fefo=True, refuse_expired_on=None,
                     is_blocked=lambda e: False)  # fmt: skip
    assert [(a.inbound.key, a.quantity) for a in taken.applied] == [(2, 2)]
    assert (taken.short, soon.remaining) == (1, 5)  # short on the named entry, FEFO's untouched
