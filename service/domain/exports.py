"""Traces and recalls as CSV, with Business Central's column captions."""

import csv
import io
from collections.abc import Mapping, Sequence

from service.domain.cells import csv_cell
from service.domain.recalls import Recall

TRACE_COLUMNS = [
    ("Level", "level"), ("Parent Entry No.", "parent_entry_no"), ("Entry No.", "entry_no"),
    ("Entry Type", "entry_type"), ("Item No.", "item_no"), ("Variant Code", "variant_code"),
    ("Serial No.", "serial_no"), ("Lot No.", "lot_no"), ("Package No.", "package_no"),
    ("Document No.", "document_no"), ("Posting Date", "posting_date"),
    ("Source Type", "source_type"), ("Source No.", "source_no"),
    ("Location Code", "location_code"), ("Quantity", "quantity"),
    ("Remaining Quantity", "remaining_quantity"), ("Item Description", "item_description"),
    ("Source Name", "source_name"), ("Created by", "created_by"), ("Created on", "created_on"),
]  # fmt: skip
RECALL_COLUMNS = [
    "Recall No.", "Customer No.", "Document No.", "Posting Date", "Item No.", "Variant Code",
    "Serial No.", "Lot No.", "Quantity", "Returned Quantity", "Name", "Contact", "Phone No.",
    "E-Mail", "Address",
]  # fmt: skip


def _csv(header: list[str], rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return out.getvalue()


def trace_csv(found: Sequence[Mapping[str, object]]) -> str:
    """A trace's rows (`TraceRow`s), one CSV row each."""
    rows = [["" if r[field] is None else r[field] for _, field in TRACE_COLUMNS] for r in found]
    return _csv([caption for caption, _ in TRACE_COLUMNS], rows)


def recall_csv(recall: Recall) -> str:
    """One row per shipment: the call list."""
    rows: list[list[object]] = [
        [recall.recall_no, c.customer_no, s["document_no"], s["posting_date"], s["item_no"],
         s["variant_code"], s["serial_no"], s["lot_no"], s["quantity"], s["returned_quantity"],
         c.contact["name"], c.contact["contact"], c.contact["phone_no"], c.contact["email"],
         c.contact["address"]]
        for c in recall.customers
        for s in c.shipments
    ]  # fmt: skip
    return _csv(RECALL_COLUMNS, rows)
