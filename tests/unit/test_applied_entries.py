"""Lines naming the entry they apply to or from: numbers filled in, checked, and counted."""

import datetime as dt

import pytest

from service.domain.applied_entries import (
    AppliedEntry,
    reversing,
    taking_from,
    with_applied_numbers,
)
from service.domain.postings import Movement, Numbers, PostingLine, TrackingLine
from service.errors import TrackingRuleViolation

SALE = AppliedEntry(
    key=7, entry_type="Sale", item_no="DRILL", variant_code="", location_code="MAIN", bin_code="",
    numbers=Numbers("D1", "B7", "P1"), quantity=-1, open=False, returned=0,
    expiration_date=None, warranty_date=dt.date(2029, 1, 1),
)  # fmt: skip
RECEIPT = AppliedEntry(
    key=3, entry_type="Purchase", item_no="DRILL", variant_code="", location_code="MAIN",
    bin_code="A-01", numbers=Numbers("D1", "B7", ""), quantity=1, open=True, returned=0,
    expiration_date=None, warranty_date=None,
)  # fmt: skip


def _return(serial: str = "", quantity: float = 1) -> Movement:
    return Movement(10_000, "Sale", 1, "DRILL", "", "MAIN", "", quantity,
                    Numbers(serial, "", ""), applies_from=7)  # fmt: skip


def _taking(location: str = "MAIN", bin_code: str = "") -> Movement:
    return Movement(10_000, "Purchase", -1, "DRILL", "", location, bin_code, 1,
                    Numbers("D1", "B7", ""), applies_to=3)  # fmt: skip


def test_a_line_naming_no_number_gets_the_entrys_serial_and_lot() -> None:
    lines = [
        PostingLine(item_no="DRILL", location_code="MAIN", quantity=1,
                    tracking=[TrackingLine(applies_from_entry_no=7)]),
        PostingLine(item_no="DRILL", location_code="MAIN", quantity=1,
                    tracking=[TrackingLine(applies_to_entry_no=3)]),
    ]  # fmt: skip
    filled = with_applied_numbers(lines, {7: SALE, 3: RECEIPT})
    assert [(f.tracking[0].serial_no, f.tracking[0].lot_no) for f in filled] == [("D1", "B7")] * 2
    assert filled[0].tracking[0].package_no is None  # a return may come back in no package


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


def test_a_line_takes_only_from_an_open_inbound_entry_where_it_is() -> None:
    taking_from(_taking(), RECEIPT)
    taking_from(_taking(bin_code="A-01"), RECEIPT)
    with pytest.raises(TrackingRuleViolation, match="Bin Code must be equal to 'A-02'"):
        taking_from(_taking(bin_code="A-02"), RECEIPT)
    with pytest.raises(TrackingRuleViolation, match="Location Code must be equal to 'EAST'"):
        taking_from(_taking("EAST"), RECEIPT)
    closed = AppliedEntry(**{**RECEIPT.__dict__, "open": False})
    with pytest.raises(TrackingRuleViolation, match="Open must be equal to 'Yes'"):
        taking_from(_taking(), closed)
    with pytest.raises(TrackingRuleViolation, match="Positive must be equal to 'Yes'"):
        taking_from(_taking(), SALE)
