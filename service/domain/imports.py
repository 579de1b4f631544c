"""Business Central item ledger entries, exported as CSV, turned into documents to post.

Rows are grouped into documents by Document No. and the kind of document their entry type and
sign make (the table in `service.domain.postings`): Purchase + is a purchase receipt, Purchase -
a purchase return shipment, Sale - a sales shipment, Sale + a sales return receipt, Positive and
Negative Adjmt. adjustments, Transfer rows a transfer (each leaving row paired with the arriving
row of the same numbers and quantity), Consumption and Output rows a production order (Document
No. is the order, as in Business Central), Assembly Consumption and Assembly Output an assembly
order. Source No. is the vendor of purchases and the customer of sales.

Documents post in the order of their first Entry No. (else the order of the file). A row that
cannot be read refuses its whole document: a document is imported whole or not at all.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from pydantic import ValidationError

from service.domain.postings import Document, DocumentKind, LineType, PostingLine, TrackingLine

REQUIRED_COLUMNS = (
    "Item No.",
    "Posting Date",
    "Entry Type",
    "Document No.",
    "Location Code",
    "Quantity",
)
ENTRY_KINDS: dict[str, tuple[DocumentKind | None, DocumentKind | None, LineType | None]] = {
    # entry type: (kind when inbound, kind when outbound, line type on an order)
    "Purchase": ("purchase_receipt", "purchase_return_shipment", None),
    "Sale": ("sales_return_receipt", "sales_shipment", None),
    "Positive Adjmt.": ("positive_adjustment", None, None),
    "Negative Adjmt.": (None, "negative_adjustment", None),
    "Transfer": ("transfer", "transfer", None),
    "Output": ("production", None, "output"),
    "Consumption": (None, "production", "consumption"),
    "Assembly Output": ("assembly", None, "output"),
    "Assembly Consumption": (None, "assembly", "consumption"),
}


class ImportFileError(ValueError):
    """The file is not an item ledger entries export at all (no row can be read)."""


@dataclass(frozen=True)
class LedgerRow:
    """One row of the export, read and checked."""

    line: int  # the row's line in the file (the header is line 1)
    entry_no: int | None
    item_no: str
    variant_code: str
    posting_date: dt.date
    entry_type: str
    document_no: str
    location_code: str
    quantity: float
    serial_no: str
    lot_no: str
    package_no: str
    expiration_date: dt.date | None
    warranty_date: dt.date | None
    source_no: str

    @property
    def numbers(self) -> tuple[str, str, str]:
        return (self.serial_no, self.lot_no, self.package_no)


@dataclass
class ImportDocument:
    """The rows of one document, and the document they make (None when refused)."""

    kind: DocumentKind | None
    document_no: str
    lines: list[int]
    document: Document | None = None
    reason: str | None = None
    item_nos: list[str] = field(default_factory=list)


def _date(value: str, date_format: str, column: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, date_format).date()
    except ValueError:
        raise ValueError(f"{column} '{value}' is not a date like {date_format}") from None


def _quantity(value: str) -> float:
    try:
        return float(value.replace(" ", "").replace(",", ""))
    except ValueError:
        raise ValueError(f"Quantity '{value}' is not a number") from None


def _read_row(raw: dict[str, str], line: int, date_format: str) -> LedgerRow:
    def get(column: str) -> str:
        return (raw.get(column) or "").strip()

    for column in REQUIRED_COLUMNS:
        if not get(column):
            raise ValueError(f"{column} is empty")
    entry_type = get("Entry Type")
    if entry_type not in ENTRY_KINDS:
        known = ", ".join(ENTRY_KINDS)
        raise ValueError(f"Entry Type '{entry_type}' is not one of {known}")
    quantity = _quantity(get("Quantity"))
    if quantity == 0:
        raise ValueError("Quantity is 0")
    entry_no = get("Entry No.")
    if entry_no and not entry_no.isdigit():
        raise ValueError(f"Entry No. '{entry_no}' is not a number")
    expiration, warranty = get("Expiration Date"), get("Warranty Date")
    return LedgerRow(
        line=line,
        entry_no=int(entry_no) if entry_no else None,
        item_no=get("Item No.").upper(),
        variant_code=get("Variant Code").upper(),
        posting_date=_date(get("Posting Date"), date_format, "Posting Date"),
        entry_type=entry_type,
        document_no=get("Document No.").upper(),
        location_code=get("Location Code").upper(),
        quantity=quantity,
        serial_no=get("Serial No."),
        lot_no=get("Lot No."),
        package_no=get("Package No."),
        expiration_date=_date(expiration, date_format, "Expiration Date") if expiration else None,
        warranty_date=_date(warranty, date_format, "Warranty Date") if warranty else None,
        source_no=get("Source No.").upper(),
    )


def _kind(row: LedgerRow) -> DocumentKind:
    inbound, outbound, _ = ENTRY_KINDS[row.entry_type]
    kind = inbound if row.quantity > 0 else outbound
    if kind is None:
        sign = "positive" if row.quantity > 0 else "negative"
        raise ValueError(f"a {row.entry_type} entry cannot have a {sign} quantity")
    return kind


def _tracking(row: LedgerRow) -> TrackingLine:
    inbound = row.quantity > 0
    return TrackingLine(
        serial_no=row.serial_no or None,
        lot_no=row.lot_no or None,
        package_no=row.package_no or None,
        quantity=abs(row.quantity),
        expiration_date=row.expiration_date if inbound else None,
        warranty_date=row.warranty_date if inbound else None,
    )


def _lines(
    rows: list[LedgerRow], *, to_location: dict[int, str] | None = None
) -> list[dict[str, object]]:
    """Rows of one item, variant, location (and destination, and line type) make one line;
    rows with tracking numbers and rows without go on separate lines."""
    grouped: dict[tuple[LineType | None, str, str, str, str | None, bool], list[LedgerRow]] = {}
    for row in rows:
        line_type = ENTRY_KINDS[row.entry_type][2]
        new_location = (to_location or {}).get(row.line)
        key = (line_type, row.item_no, row.variant_code, row.location_code, new_location,
               any(row.numbers))  # fmt: skip
        grouped.setdefault(key, []).append(row)
    lines: list[dict[str, object]] = []
    for (line_type, item_no, variant, location, new_location, tracked), group in grouped.items():
        lines.append({
            "type": line_type, "item_no": item_no, "variant_code": variant,
            "location_code": location, "new_location_code": new_location,
            "quantity": round(sum(abs(r.quantity) for r in group), 5),
            "tracking": [_tracking(r) for r in group] if tracked else [],
        })  # fmt: skip
    return lines


def _transfer_lines(rows: list[LedgerRow]) -> list[dict[str, object]]:
    """Each leaving row (negative) pairs with an arriving row of the same item, variant,
    numbers and quantity; the leaving row's location is the line's, the arriving its new one."""
    arriving = [r for r in rows if r.quantity > 0]
    to_location: dict[int, str] = {}
    leaving = [r for r in rows if r.quantity < 0]
    for row in leaving:
        match = next(
            (a for a in arriving
             if (a.item_no, a.variant_code, a.numbers, a.quantity)
             == (row.item_no, row.variant_code, row.numbers, -row.quantity)),
            None,
        )  # fmt: skip
        if match is None:
            raise ValueError(
                f"the transfer row on line {row.line} has no arriving row to pair with"
            )
        arriving.remove(match)
        to_location[row.line] = match.location_code
    if arriving:
        raise ValueError(
            f"the transfer row on line {arriving[0].line} has no leaving row to pair with"
        )
    return _lines(leaving, to_location=to_location)


def _document(kind: DocumentKind, document_no: str, rows: list[LedgerRow]) -> Document:
    dates = {r.posting_date for r in rows}
    if len(dates) > 1:
        raise ValueError("its rows have different posting dates")
    sources = {r.source_no for r in rows if r.source_no}
    if len(sources) > 1:
        raise ValueError(f"its rows name different sources ({', '.join(sorted(sources))})")
    source = next(iter(sources), None)
    lines = _transfer_lines(rows) if kind == "transfer" else _lines(rows)
    return Document.model_validate({
        "kind": kind,
        "document_no": document_no,
        "posting_date": rows[0].posting_date,
        "vendor_no": source if kind.startswith("purchase") else None,
        "customer_no": source if kind.startswith("sales") else None,
        "order_no": document_no if kind in {"production", "assembly"} else None,
        "lines": [PostingLine.model_validate(line) for line in lines],
    })  # fmt: skip


def _validation_reason(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def parse_item_ledger_csv(text: str, *, date_format: str = "%Y-%m-%d") -> list[ImportDocument]:
    """The documents a Business Central item ledger entries export makes, in posting order;
    the refused ones carry their reason and post nothing."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=_delimiter(text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportFileError(
            f"not a Business Central item ledger entries export: no column {', '.join(missing)}"
        )
    reader.fieldnames = header
    groups: dict[tuple[str, str], ImportDocument] = {}
    rows_of: dict[tuple[str, str], list[LedgerRow]] = {}
    order: dict[tuple[str, str], tuple[int, int]] = {}
    for index, raw in enumerate(reader, start=2):
        line = reader.line_num if reader.line_num else index
        document_no = (raw.get("Document No.") or "").strip().upper()
        try:
            row = _read_row(raw, line, date_format)
            kind: DocumentKind | None = _kind(row)
        except ValueError as exc:
            key = (document_no, "?")
            group = groups.setdefault(key, ImportDocument(None, document_no, []))
            group.lines.append(line)
            group.reason = group.reason or f"line {line}: {exc}"
            order.setdefault(key, (1 << 62, line))
            continue
        assert kind is not None
        key = (document_no, kind)
        group = groups.setdefault(key, ImportDocument(kind, document_no, []))
        group.lines.append(line)
        rows_of.setdefault(key, []).append(row)
        order[key] = min(order.get(key, (1 << 62, line)), (row.entry_no or 1 << 62, line))
    _refuse_with_unreadable_rows(groups)
    for key, group in groups.items():
        rows = rows_of.get(key, [])
        group.item_nos = sorted({r.item_no for r in rows})
        if group.reason is not None or group.kind is None:
            continue
        try:
            group.document = _document(group.kind, group.document_no, rows)
        except ValidationError as exc:
            group.reason = _validation_reason(exc)
        except ValueError as exc:
            group.reason = str(exc)
    return [groups[key] for key in sorted(groups, key=lambda k: order[k])]


def _refuse_with_unreadable_rows(groups: dict[tuple[str, str], ImportDocument]) -> None:
    """An unreadable row refuses every document of its Document No. (we cannot know which one
    it belonged to, and a document is imported whole or not at all); its line joins the first."""
    for no, kind in [key for key in groups if key[1] == "?"]:
        unreadable = groups[(no, kind)]
        readable = [g for (n, k), g in groups.items() if n == no and k != "?"]
        for group in readable:
            group.reason = unreadable.reason
        if readable:
            readable[0].lines = sorted(readable[0].lines + unreadable.lines)
            del groups[(no, kind)]


def _delimiter(text: str) -> str:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)
