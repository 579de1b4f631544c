"""FSMA 204 rows from trace rows: what lands on which tab, and how a row reads."""

import datetime as dt
from typing import Any

from service.domain.fsma import EntryContext, Place, fsma_sheets
from service.domain.tracing import TraceRow

MAIN = Place("MAIN", "Main warehouse", "4012345000108")
VENDOR = Place("V1", "Fabrikam")


def _row(entry_no: int, **values: Any) -> TraceRow:
    base: dict[str, Any] = {
        "level": 1, "parent_entry_no": None, "via": "start", "entry_no": entry_no,
        "entry_type": "Purchase", "document_kind": "purchase_receipt", "document_no": "PR-1",
        "posting_date": dt.date(2026, 11, 2), "item_no": "KIT", "variant_code": "",
        "serial_no": "", "lot_no": "", "package_no": "", "location_code": "MAIN",
        "source_type": "", "source_no": "", "quantity": 1.0, "remaining_quantity": 0.0,
    }  # fmt: skip
    row: TraceRow = {**base, **values}  # type: ignore[typeddict-item]
    return row


def _context(**values: Any) -> EntryContext:
    base: dict[str, Any] = {
        "description": "Kit", "unit_of_measure": "PCS", "location": MAIN, "partner": VENDOR,
        "other_end": Place(""), "tlc_source": VENDOR, "tlc_source_is_vendor": True,
    }  # fmt: skip
    return EntryContext(**{**base, **values})


def test_a_location_reads_name_code_and_gln_as_far_as_known() -> None:
    assert MAIN.describe() == "Main warehouse (MAIN), GLN 4012345000108"
    assert Place("EAST").describe() == "EAST"
    assert Place("").describe() == ""


def test_a_serial_without_a_lot_is_its_own_traceability_lot_code() -> None:
    sheets = fsma_sheets([_row(1, serial_no="SN-9")], {1: _context()})
    assert sheets.receiving[0][:4] == ["SN-9", 1.0, "PCS", "Kit (item KIT)"]
    assert sheets.receiving[0][8] == "Vendor V1"


def test_untracked_stock_is_no_traceability_lot_and_stays_off_the_sheets() -> None:
    sheets = fsma_sheets([_row(1)], {1: _context()})
    assert (sheets.shipping, sheets.receiving, sheets.transformation) == ([], [], [])


def test_an_output_traced_without_its_components_still_shows_as_a_transformation() -> None:
    output = _row(5, entry_type="Output", document_kind="production", document_no="PO-1",
                  lot_no="F1", quantity=3.0)  # fmt: skip
    context = _context(tlc_source=MAIN, tlc_source_is_vendor=False)
    (row,) = fsma_sheets([output], {5: context}).transformation
    assert row[:8] == ["", "", "", "", "F1", "Kit (item KIT)", 3.0, "PCS"]
    assert row[8:10] == [MAIN.describe(), MAIN.describe()]
    assert row[-2:] == ["Production Order", "PO-1"]
