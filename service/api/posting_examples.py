"""Examples of each kind of document for the OpenAPI page of `POST /v1/postings`.

They post, in this order, on the demo data `make run` loads (a test posts them so).
"""

from typing import Any


def _line(item_no: str, quantity: float, **tracking: Any) -> dict[str, Any]:
    return {"item_no": item_no, "location_code": "MAIN", "quantity": quantity,
            "tracking": [{"quantity": quantity, **tracking}]}  # fmt: skip


def _example(summary: str, kind: str, document_no: str, **body: Any) -> dict[str, Any]:
    document = {"kind": kind, "document_no": document_no, "posting_date": "2026-11-16", **body}
    return {"summary": summary, "value": document}


POSTING_EXAMPLES: dict[str, dict[str, Any]] = {
    "purchase_receipt": _example(
        "Receive a lot", "purchase_receipt", "PR-2026-0101", vendor_no="V20000",
        lines=[_line("1910-S", 6, lot_no="LOT0101")],
    ),
    "transfer": _example(
        "Transfer part of it to another location", "transfer", "TR-2026-0101",
        lines=[{**_line("1910-S", 2, lot_no="LOT0101"), "new_location_code": "EAST"}],
    ),
    "reclassification": _example(
        "Relabel part of a lot as another lot", "reclassification", "RC-2026-0101",
        lines=[_line("1910-S", 1, lot_no="LOT0101", new_lot_no="LOT0102")],
    ),
    "production": _example(
        "Produce a serialised chair from a side table", "production", "PROD-2026-0101",
        order_no="RPO-101",
        lines=[
            {**_line("1910-S", 1, lot_no="LOT0101"), "type": "consumption"},
            {**_line("1900-S", 1, serial_no="2001", lot_no="LOT0500"), "type": "output"},
        ],
    ),
    "sales_shipment": _example(
        "Ship a serial number", "sales_shipment", "SS-2026-0101", customer_no="C10000",
        lines=[_line("1900-S", 1, serial_no="2001", lot_no="LOT0500")],
    ),
    "sales_return_receipt": _example(
        "Take it back (naming the sale's entry as applies_from_entry_no links the two)",
        "sales_return_receipt", "SR-2026-0101", customer_no="C10000",
        lines=[_line("1900-S", 1, serial_no="2001", lot_no="LOT0500")],
    ),
    "negative_adjustment": _example(
        "Write off what was relabelled", "negative_adjustment", "NA-2026-0101",
        lines=[_line("1910-S", 1, lot_no="LOT0102")],
    ),
}  # fmt: skip
