"""Returns naming the outbound entry they reverse: numbers filled in, checked, and counted."""

import datetime as dt

import pytest

from service.domain.postings import Movement, Numbers, PostingLine, TrackingLine
from service.domain.returns import ShippedEntry, reversing, with_shipped_numbers
from service.errors import TrackingRuleViolation

SALE = ShippedEntry(
    key=7, entry_type="Sale", item_no="DRILL", variant_code="", numbers=Numbers("D1", "B7", "P1"),
    quantity=-1, returned=0, expiration_date=None, warranty_date=dt.date(2029, 1, 1),
)  # fmt: skip


def _return(serial: str = "", quantity: float = 1) -> Movement:
    return Movement(10_000, "Sale", 1, "DRILL", "", "MAIN", "", quantity,
                    Numbers(serial, "", ""), applies_from=7)  # fmt: skip


def test_a_line_naming_no_number_gets_the_entrys_serial_and_lot() -> None:
    line = PostingLine(item_no="DRILL", location_code="MAIN", quantity=1,
                       tracking=[TrackingLine(applies_from_entry_no=7)])  # fmt: skip
    [filled] = with_shipped_numbers([line], {7: SALE})
    assert (filled.tracking[0].serial_no, filled.tracking[0].lot_no) == ("D1", "B7")
    assert filled.tracking[0].package_no is None  # a return may come back in no package


def test_a_return_carries_the_entrys_numbers_and_dates() -> None:
    back = reversing(_return("D1"), SALE, returned_before=0)
    assert back.numbers == Numbers("D1", "B7", "")
    assert back.warranty_date == dt.date(2029, 1, 1)


def test_a_return_is_refused_for_another_serial_or_too_much() -> None:
    with pytest.raises(TrackingRuleViolation, match=r"Serial No\. must be equal to 'D2'"):
        reversing(_return("D2"), SALE, returned_before=0)
    with pytest.raises(TrackingRuleViolation, match="so 0 is left to return"):
        reversing(_return("D1"), SALE, returned_before=1)
    with pytest.raises(TrackingRuleViolation, match="does not exist"):
        reversing(_return("D1"), None, returned_before=0)
