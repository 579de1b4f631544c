"""Reading Business Central item ledger exports into documents (pure: no Neo4j)."""

import pytest

from service.domain.imports import (
    ImportFileError,
    decimal_of,
    detect_decimal,
    parse_item_ledger_csv,
)

HEADER = "Entry No.;Posting Date;Entry Type;Document No.;Item No.;Location Code;Quantity;Lot No.;Source No.\n"  # noqa: E501


def test_transfer_rows_pair_into_one_line_from_one_location_to_the_other() -> None:
    text = HEADER + (
        "1;2026-11-04;Transfer;TR-1;1910-S;MAIN;-2;L1;\n"
        "2;2026-11-04;Transfer;TR-1;1910-S;EAST;2;L1;\n"
    )
    [found] = parse_item_ledger_csv(text)
    assert found.document is not None
    [line] = found.document.lines
    assert (line.location_code, line.new_location_code, line.quantity) == ("MAIN", "EAST", 2)
    assert [t.lot_no for t in line.tracking] == ["L1"]


def test_consumption_and_output_make_one_production_order_posted_in_entry_order() -> None:
    text = HEADER + (
        "7;2026-11-05;Sale;SS-1;BIKE;MAIN;-1;B1;C10000\n"
        "5;2026-11-04;Consumption;PO-1;WHEEL;MAIN;-2;W1;\n"
        "6;2026-11-04;Output;PO-1;BIKE;MAIN;1;B1;\n"
    )
    production, shipment = parse_item_ledger_csv(text)
    assert production.document is not None
    assert (production.document.kind, production.document.order_no) == ("production", "PO-1")
    assert [line.type for line in production.document.lines] == ["consumption", "output"]
    assert shipment.document is not None
    assert shipment.document.customer_no == "C10000"


def test_an_unpaired_transfer_row_refuses_its_document() -> None:
    text = HEADER + "1;2026-11-04;Transfer;TR-1;1910-S;MAIN;-2;L1;\n"
    [found] = parse_item_ledger_csv(text)
    assert found.document is None
    assert found.reason == "the transfer row on line 2 has no arriving row to pair with"


def test_a_file_without_the_ledger_columns_is_not_an_export() -> None:
    with pytest.raises(ImportFileError, match="no column Entry Type"):
        parse_item_ledger_csv("Posting Date,Document No.,Item No.,Location Code,Quantity\n")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2,5", ","), ("1.234,5", ","), ("1,234.5", "."), ("2.5", "."), ("1,234", None),
     ("1.234", None), ("12", None), ("1.234.567", ","), ("0,125", ","), ("-2,5", ",")],
)  # fmt: skip
def test_the_decimal_separator_a_quantity_shows(value: str, expected: str | None) -> None:
    assert decimal_of(value) == expected


def test_a_file_with_both_separators_is_refused_whole() -> None:
    with pytest.raises(ImportFileError, match="both a decimal point and a decimal comma"):
        detect_decimal(["2,5", "2.5"])
