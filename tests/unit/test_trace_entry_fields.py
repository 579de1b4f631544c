"""The two statements that read a trace's entries list each entry's fields in one order, the
order `_row` takes them in (they come as lists, not maps)."""

import datetime as dt
import re

from service.domain.tracing import Step
from service.graph import tracing
from service.graph.cypher import cypher

FIELDS = [
    "entryNo", "entryType", "documentKind", "documentNo", "itemNo", "variantCode", "serialNo",
    "lotNo", "packageNo", "locationCode", "sourceType", "sourceNo", "quantity",
    "remainingQuantity", "postingDate",
]  # fmt: skip


def _listed(statement: str) -> list[str]:
    """The fields of the entry list a statement returns (`p.x`, in order)."""
    found = re.search(r"\[\s*(p\.entryNo,.*?toString\(p\.postingDate\))\s*\]", statement, re.S)
    assert found is not None
    return re.findall(r"p\.(\w+)", found.group(1))


def test_the_walk_and_the_entries_statement_list_the_same_fields_in_the_same_order() -> None:
    assert _listed(cypher("tracing/get_flow")) == FIELDS
    assert _listed(cypher("tracing/get_trace_entries")) == FIELDS


def test_a_row_takes_the_fields_in_that_order() -> None:
    entry = [
        7, "Sale", "Sales Shipment", "SS-1", "1900-S", "", "1001", "LOT1", "PKG1", "BLUE",
        "Customer", "C10000", -1, 0, "2026-11-30",
    ]  # fmt: skip
    known = tracing._Entries(
        {7: entry},
        {("Sales Shipment", "SS-1"): ["Sales Shipment", "SS-1", "shipping-key",
                                       "2026-11-30T10:15:00Z", "The Cannon Group"]},
        {"1900-S": "PARIS Guest Chair"},
    )  # fmt: skip
    row = tracing._row(Step(7, 2, 3, "applied"), known)
    assert row == {
        "level": 2, "parent_entry_no": 3, "via": "applied", "entry_no": 7, "entry_type": "Sale",
        "document_kind": "Sales Shipment", "document_no": "SS-1",
        "posting_date": dt.date(2026, 11, 30), "item_no": "1900-S", "variant_code": "",
        "serial_no": "1001", "lot_no": "LOT1", "package_no": "PKG1", "location_code": "BLUE",
        "source_type": "Customer", "source_no": "C10000", "quantity": -1.0,
        "remaining_quantity": 0.0, "item_description": "PARIS Guest Chair",
        "source_name": "The Cannon Group", "created_by": "shipping-key",
        "created_on": dt.datetime(2026, 11, 30, 10, 15, tzinfo=dt.UTC),
    }  # fmt: skip
