"""FDA FSMA 204 "electronic sortable spreadsheet" rows for a trace or a recall.

Under 21 CFR 1.1455(c)(3)(ii) FDA may ask, during an outbreak or recall, for the traceability
records of the foods concerned as an electronic sortable spreadsheet within 24 hours. The rows
here are the Critical Tracking Events (CTEs) a trace reached, one tab per CTE, with the Key Data
Elements (KDEs) the rule lists for it:

- **Shipping** (§1.1340): sales shipments and the leaving half of transfers.
- **Receiving** (§1.1345): purchase receipts, the arriving half of transfers, and sales return
  receipts (the customer is the immediate previous source).
- **Transformation** (§1.1350): production and assembly orders; one row per input lot consumed
  and output lot produced, paired, so a user can sort by either. No quantity counts twice: an
  input's quantity is shared among the order's outputs in proportion to their quantities (10 kg
  consumed into 4 serials reads 2.5 kg on each serial's row, and the column sums to the 10 kg
  consumed, also when the trace reached only some of the outputs), and an output's quantity
  stands on its first row only (blank on the rows pairing it with the order's other inputs).

Mapping from Business Central's model: the traceability lot code (TLC) is the lot number (the
serial number when an entry has no lot); the TLC source is where the number was first assigned
(for a purchased lot the vendor, whose lot code it is; for a produced or assembled lot the
location of the output); quantity and unit of measure are the entry's quantity in the item's
base unit of measure; the product description is the item's description (item no. when it has
none), with the variant; a location description is the location's name, code and GLN (business
name, phone and address are not kept in this model, so they are not in the sheet); the reference
document is the posted document's kind and number.

Column headings: FDA publishes an illustrative template
(https://www.fda.gov/media/179617/download, June 2024) with one tab per CTE. Its exact cells
could not be checked here (the workbook could not be opened); the headings below use the
rule's own KDE names (§§1.1340, 1.1345, 1.1350, and "traceability lot code source reference"
from §1.1310), as the Produce Traceability Initiative's FSMA 204 guidance names them too
("Traceability Lot Code (TLC)", "Quantity and UOM", "Product Description", "Ship To Location",
"Ship From Location", "Ship Date", "TLC Source or TLC Source Reference", "Reference Document
Type and Reference Document Number"). Unverified: the template's column order and whether it
splits quantity from unit and location descriptions into separate cells.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from itertools import product

from service.domain.tracing import TraceRow

Cell = str | float | dt.date

SHIPPING = "Shipping"
RECEIVING = "Receiving"
TRANSFORMATION = "Transformation"
SHIPPING_COLUMNS = [
    "Traceability Lot Code", "Quantity", "Unit of Measure", "Product Description",
    "Immediate Subsequent Recipient Location Description", "Ship From Location Description",
    "Ship Date", "Traceability Lot Code Source Location Description",
    "Traceability Lot Code Source Reference", "Reference Document Type",
    "Reference Document Number",
]  # fmt: skip
RECEIVING_COLUMNS = [
    "Traceability Lot Code", "Quantity", "Unit of Measure", "Product Description",
    "Immediate Previous Source Location Description", "Receiving Location Description",
    "Receive Date", "Traceability Lot Code Source Location Description",
    "Traceability Lot Code Source Reference", "Reference Document Type",
    "Reference Document Number",
]  # fmt: skip
TRANSFORMATION_COLUMNS = [
    "Input Traceability Lot Code", "Input Product Description", "Input Quantity",
    "Input Unit of Measure", "New Traceability Lot Code", "New Product Description",
    "New Quantity", "New Unit of Measure", "Transformation Location Description",
    "Traceability Lot Code Source Location Description",
    "Traceability Lot Code Source Reference", "Date Transformation Completed",
    "Reference Document Type", "Reference Document Number",
]  # fmt: skip
COLUMNS = {
    SHIPPING: SHIPPING_COLUMNS,
    RECEIVING: RECEIVING_COLUMNS,
    TRANSFORMATION: TRANSFORMATION_COLUMNS,
}
DOCUMENT_TYPES = {
    "sales_shipment": "Sales Shipment",
    "sales_return_receipt": "Sales Return Receipt",
    "purchase_receipt": "Purchase Receipt",
    "purchase_return_shipment": "Purchase Return Shipment",
    "transfer": "Transfer",
    "reclassification": "Reclassification",
    "production": "Production Order",
    "assembly": "Assembly Order",
}


@dataclass(frozen=True)
class Place:
    code: str
    name: str = ""
    gln: str = ""

    def describe(self) -> str:
        """Name (code), GLN ..., as much as is known."""
        if not self.code:
            return ""
        label = f"{self.name} ({self.code})" if self.name else self.code
        return f"{label}, GLN {self.gln}" if self.gln else label


@dataclass(frozen=True)
class EntryContext:
    """What the rows need beyond a trace row, read from the graph for one entry."""

    description: str
    unit_of_measure: str
    location: Place
    partner: Place  # the customer or vendor of the entry's document
    other_end: Place  # the other location of a transfer
    tlc_source: Place
    tlc_source_is_vendor: bool
    order_output_quantity: float = 0.0  # a consumption's: all its order made, in all


@dataclass
class FsmaSheets:
    shipping: list[list[Cell]]
    receiving: list[list[Cell]]
    transformation: list[list[Cell]]

    def tabs(self) -> list[tuple[str, list[str], list[list[Cell]]]]:
        return [
            (SHIPPING, SHIPPING_COLUMNS, self.shipping),
            (RECEIVING, RECEIVING_COLUMNS, self.receiving),
            (TRANSFORMATION, TRANSFORMATION_COLUMNS, self.transformation),
        ]


def tlc(row: TraceRow) -> str:
    return row["lot_no"] or row["serial_no"]


def _product(row: TraceRow, c: EntryContext) -> str:
    name = c.description or row["item_no"]
    label = f"{name} (item {row['item_no']}"
    return f"{label}, variant {row['variant_code']})" if row["variant_code"] else f"{label})"


def _source(c: EntryContext) -> tuple[str, str]:
    """The TLC source's location description and, for a supplier's lot, a reference to it."""
    reference = f"Vendor {c.tlc_source.code}" if c.tlc_source_is_vendor else ""
    if c.tlc_source_is_vendor and c.tlc_source.gln:
        reference = f"GLN {c.tlc_source.gln}"
    return c.tlc_source.describe(), reference


def _shipping(row: TraceRow, c: EntryContext) -> list[Cell]:
    to = c.partner if row["entry_type"] == "Sale" else c.other_end
    source, reference = _source(c)
    return [tlc(row), -row["quantity"], c.unit_of_measure, _product(row, c), to.describe(),
            c.location.describe(), row["posting_date"], source, reference,
            DOCUMENT_TYPES[row["document_kind"]], row["document_no"]]  # fmt: skip


def _receiving(row: TraceRow, c: EntryContext) -> list[Cell]:
    came_from = c.partner if row["entry_type"] in {"Purchase", "Sale"} else c.other_end
    source, reference = _source(c)
    return [tlc(row), row["quantity"], c.unit_of_measure, _product(row, c), came_from.describe(),
            c.location.describe(), row["posting_date"], source, reference,
            DOCUMENT_TYPES[row["document_kind"]], row["document_no"]]  # fmt: skip


def _half(row: TraceRow | None, quantity: Cell, context: dict[int, EntryContext]) -> list[Cell]:
    """Lot code, product, `quantity` and unit of one side of a transformation (blank if none)."""
    if row is None:
        return ["", "", "", ""]
    c = context[row["entry_no"]]
    return [tlc(row), _product(row, c), quantity, c.unit_of_measure]


def _input_share(i: TraceRow, o: TraceRow | None, context: dict[int, EntryContext]) -> float:
    """The part of input `i` that went into output `o`: in proportion to `o`'s share of all
    its order made (all of `i` with no output, or no output quantity known)."""
    made = context[i["entry_no"]].order_output_quantity
    if o is None or made <= 0:
        return abs(i["quantity"])
    return round(abs(i["quantity"]) * o["quantity"] / made, 5)


def _transformations(rows: list[TraceRow], context: dict[int, EntryContext]) -> list[list[Cell]]:
    orders: dict[tuple[str, str], tuple[list[TraceRow], list[TraceRow]]] = defaultdict(
        lambda: ([], [])
    )
    for r in rows:
        if r["entry_type"] in {"Consumption", "Assembly Consumption"}:
            orders[(r["document_kind"], r["document_no"])][0].append(r)
        elif r["entry_type"] in {"Output", "Assembly Output"}:
            orders[(r["document_kind"], r["document_no"])][1].append(r)
    found: list[list[Cell]] = []
    for (kind, document_no), (inputs, outputs) in sorted(orders.items()):
        ins: list[TraceRow | None] = [*inputs] or [None]
        outs: list[TraceRow | None] = [*outputs] or [None]
        shown: set[int] = set()
        for i, o in product(ins, outs):
            done = o or i
            assert done is not None
            c = context[done["entry_no"]]
            source, reference = _source(c) if o else ("", "")
            made: Cell = ""
            if o is not None and o["entry_no"] not in shown:
                shown.add(o["entry_no"])
                made = o["quantity"]
            used: Cell = "" if i is None else _input_share(i, o, context)
            found.append([*_half(i, used, context), *_half(o, made, context),
                          c.location.describe(), source, reference, done["posting_date"],
                          DOCUMENT_TYPES[kind], document_no])  # fmt: skip
    return found


def fsma_sheets(rows: list[TraceRow], context: dict[int, EntryContext]) -> FsmaSheets:
    """The CTE rows of the traced entries (each entry once), in posting order."""
    unique = sorted(
        {r["entry_no"]: r for r in rows if tlc(r)}.values(), key=lambda r: r["entry_no"]
    )
    shipping = [
        _shipping(r, context[r["entry_no"]])
        for r in unique
        if r["quantity"] < 0 and r["document_kind"] in {"sales_shipment", "transfer"}
    ]
    receiving = [
        _receiving(r, context[r["entry_no"]])
        for r in unique
        if r["quantity"] > 0
        and r["document_kind"] in {"purchase_receipt", "transfer", "sales_return_receipt"}
    ]
    return FsmaSheets(shipping, receiving, _transformations(unique, context))
