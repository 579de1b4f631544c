"""The pure side of postings: entry types per document kind, package expansion, validation."""

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from service.domain.postings import (
    Document,
    PackageMove,
    PackedUnit,
    PostingLine,
    movements,
    package_lines,
)

DAY = dt.date(2026, 11, 2)


def doc(kind: str, lines: list[dict[str, Any]], **extra: Any) -> Document:
    return Document.model_validate(
        {"kind": kind, "document_no": "D1", "posting_date": DAY, "lines": lines, **extra}
    )


LINE = {"item_no": "A", "location_code": "MAIN", "quantity": 2}


@pytest.mark.parametrize(
    ("kind", "extra", "expected"),
    [
        ("purchase_receipt", {"vendor_no": "V"}, [("Purchase", 1, "purchase_inbound")]),
        ("purchase_return_shipment", {"vendor_no": "V"}, [("Purchase", -1, "purchase_outbound")]),
        ("sales_shipment", {"customer_no": "C"}, [("Sale", -1, "sales_outbound")]),
        ("sales_return_receipt", {"customer_no": "C"}, [("Sale", 1, "sales_inbound")]),
        ("positive_adjustment", {}, [("Positive Adjmt.", 1, "pos_adjmt_inbound")]),
        ("negative_adjustment", {}, [("Negative Adjmt.", -1, "neg_adjmt_outbound")]),
    ],
)
def test_each_kind_makes_business_centrals_entry_type_and_sign(
    kind: str, extra: dict[str, str], expected: list[tuple[str, int, str]]
) -> None:
    made = movements(doc(kind, [LINE], **extra), [PostingLine.model_validate(LINE)])
    assert [(m.entry_type, m.sign, m.flag) for m in made] == expected


def test_transfer_leaves_one_location_and_arrives_at_the_other() -> None:
    line = {**LINE, "new_location_code": "EAST"}
    document = doc("transfer", [line])
    made = movements(document, document.lines)
    assert [(m.entry_type, m.sign, m.location_code) for m in made] == [
        ("Transfer", -1, "MAIN"),
        ("Transfer", 1, "EAST"),
    ]
    assert made[1].pair is made[0]


def test_production_consumes_before_it_outputs() -> None:
    document = doc(
        "production",
        [{**LINE, "type": "output"}, {**LINE, "item_no": "B", "type": "consumption"}],
        order_no="RPO-1",
    )
    made = movements(document, document.lines)
    assert [(m.entry_type, m.item_no) for m in made] == [("Consumption", "B"), ("Output", "A")]


@pytest.mark.parametrize(
    ("kind", "extra", "message"),
    [
        ("sales_shipment", {}, "customer_no is required"),
        ("purchase_receipt", {}, "vendor_no is required"),
        ("production", {}, "order_no is required"),
        ("transfer", {}, "lines.new_location_code is required"),
    ],
)
def test_a_document_must_fit_its_kind(kind: str, extra: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        doc(kind, [LINE], **extra)


@pytest.mark.parametrize(
    ("kind", "line", "extra", "allowed"),
    [
        ("purchase_receipt", {}, {"vendor_no": "V"}, True),
        ("sales_return_receipt", {}, {"customer_no": "C"}, True),
        ("positive_adjustment", {}, {}, True),
        ("production", {"type": "output"}, {"order_no": "P"}, True),
        ("assembly", {"type": "output"}, {"order_no": "A"}, True),
        ("sales_shipment", {}, {"customer_no": "C"}, False),
        ("purchase_return_shipment", {}, {"vendor_no": "V"}, False),
        ("negative_adjustment", {}, {}, False),
        ("transfer", {"new_location_code": "EAST"}, {}, False),
        ("reclassification", {}, {}, False),
        ("production", {"type": "consumption"}, {"order_no": "P"}, False),
        ("assembly", {"type": "consumption"}, {"order_no": "A"}, False),
    ],
)
def test_numbers_are_assigned_only_to_stock_coming_in(
    kind: str, line: dict[str, str], extra: dict[str, str], allowed: bool
) -> None:
    for flag in ("assign_serial_nos", "assign_lot_no", "assign_package_no"):
        asking = {**LINE, **line, flag: True}
        if allowed:
            assert doc(kind, [asking], **extra).lines[0].assigns_numbers
        else:
            with pytest.raises(ValidationError, match=f"lines.{flag} is only for lines that"):
                doc(kind, [asking], **extra)


def test_packages_only_leave_on_kinds_that_move_stock_out() -> None:
    with pytest.raises(ValidationError, match="packages cannot be posted on a purchase receipt"):
        doc("purchase_receipt", [], vendor_no="V",
            packages=[{"package_no": "P", "location_code": "MAIN"}])  # fmt: skip
    with pytest.raises(ValidationError, match="needs lines or packages"):
        doc("sales_shipment", [], customer_no="C")


def test_a_package_becomes_a_line_per_item_with_a_tracking_line_per_unit() -> None:
    units = [
        PackedUnit("1900-S", "", "1001", "LOT0001", 1),
        PackedUnit("1900-S", "", "1002", "LOT0001", 1),
        PackedUnit("1928-S", "", "", "LOT200", 10),
    ]
    lines = package_lines(PackageMove(package_no="CONTAINER010", location_code="MAIN"), units)
    assert [(ln.item_no, ln.quantity, len(ln.tracking)) for ln in lines] == [
        ("1900-S", 2, 2),
        ("1928-S", 10, 1),
    ]
    assert lines[0].tracking[1].serial_no == "1002"
    assert lines[1].tracking[0].lot_no == "LOT200"
