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

Quantities are read as the export wrote them: with a decimal point (`1,234.5`) or a decimal
comma (`1.234,5`, Business Central in a European locale). The caller may say which; otherwise the
file's quantities tell (a separator followed by other than three digits, or both separators in
one value), and a value that could be read either way (`1,234` or `1.234` with nothing else in
the file to tell) is refused rather than guessed. An `.xlsx` export (openpyxl) holds numbers and
dates as such, so neither separators nor a date format are needed.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

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
    numbers: list[tuple[str, str, str, str]] = field(default_factory=list)  # item, serial, lot, pkg


def _date(value: str, date_format: str, column: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, date_format).date()
    except ValueError:
        raise ValueError(f"{column} '{value}' is not a date like {date_format}") from None


DecimalMark = Literal[".", ","]
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def _grouped(digits: str, thousands: str) -> bool:
    """Whether `digits` (no sign, no decimals) is a plain run or groups of three."""
    return re.fullmatch(rf"\d+|\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+", digits) is not None


def decimal_of(value: str) -> DecimalMark | None:
    """The decimal separator a quantity shows, or None when it cannot tell (`12`, `1,234`)."""
    text = _SPACES.sub("", value).lstrip("+-")
    if "." in text and "," in text:
        return "." if text.rfind(".") > text.rfind(",") else ","
    for mark in (".", ","):
        if mark in text:
            whole, _, tail = text.rpartition(mark)
            if text.count(mark) > 1:
                return "," if mark == "." else "."  # repeated: it groups thousands
            return mark if len(tail) != 3 or whole.lstrip("0") == "" else None
    return None


def detect_decimal(values: list[str]) -> DecimalMark | None:
    """The decimal separator the quantities agree on; None when none tells. Raises when some
    show a point and others a comma."""
    seen = {d for d in map(decimal_of, values) if d is not None}
    if len(seen) > 1:
        raise ImportFileError(
            "the Quantity column shows both a decimal point and a decimal comma: say which the "
            "export uses (--decimal-comma or --decimal-point)"
        )
    return next(iter(seen), None)


def _quantity(value: str, decimal: DecimalMark | None) -> float:
    text = _SPACES.sub("", value)
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("+-")
    if decimal is None:
        if "." in body or "," in body:
            raise ValueError(
                f"Quantity '{value}' could be read with a decimal point or a decimal comma, "
                "and nothing else in the file tells which: import again with --decimal-comma "
                "or --decimal-point"
            )
        decimal = "."
    thousands = "," if decimal == "." else "."
    whole, _, fraction = body.partition(decimal)
    if not whole or not _grouped(whole, thousands) or (fraction and not fraction.isdigit()):
        raise ValueError(f"Quantity '{value}' is not a number written with decimal '{decimal}'")
    return sign * float(f"{whole.replace(thousands, '')}.{fraction or 0}")


def _text(value: object) -> str:
    """A cell as text: CSV cells are text already; an .xlsx cell may be a number or a date."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_row(
    raw: Mapping[str, object], line: int, date_format: str, decimal: DecimalMark | None
) -> LedgerRow:
    def get(column: str) -> str:
        return _text(raw.get(column)).strip()

    def when(column: str) -> dt.date | None:
        value = raw.get(column)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return _date(get(column), date_format, column) if get(column) else None

    for column in REQUIRED_COLUMNS:
        if not get(column):
            raise ValueError(f"{column} is empty")
    entry_type = get("Entry Type")
    if entry_type not in ENTRY_KINDS:
        known = ", ".join(ENTRY_KINDS)
        raise ValueError(f"Entry Type '{entry_type}' is not one of {known}")
    cell = raw.get("Quantity")
    if isinstance(cell, bool):
        raise ValueError(f"Quantity '{cell}' is not a number")
    quantity = float(cell) if isinstance(cell, int | float) else _quantity(get("Quantity"), decimal)
    if quantity == 0:
        raise ValueError("Quantity is 0")
    entry_no = get("Entry No.")
    if entry_no and not entry_no.isdigit():
        raise ValueError(f"Entry No. '{entry_no}' is not a number")
    posting_date = when("Posting Date")
    assert posting_date is not None  # a required column
    return LedgerRow(
        line=line,
        entry_no=int(entry_no) if entry_no else None,
        item_no=get("Item No.").upper(),
        variant_code=get("Variant Code").upper(),
        posting_date=posting_date,
        entry_type=entry_type,
        document_no=get("Document No.").upper(),
        location_code=get("Location Code").upper(),
        quantity=quantity,
        serial_no=get("Serial No."),
        lot_no=get("Lot No."),
        package_no=get("Package No."),
        expiration_date=when("Expiration Date"),
        warranty_date=when("Warranty Date"),
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


def parse_item_ledger_csv(
    text: str, *, date_format: str = "%Y-%m-%d", decimal: DecimalMark | None = None
) -> list[ImportDocument]:
    """The documents a Business Central item ledger entries export (CSV) makes, in posting
    order; the refused ones carry their reason and post nothing. `decimal`: the quantities'
    decimal separator, found from the file when None."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=_delimiter(text))
    header = [name.strip() for name in reader.fieldnames or []]
    _check_header(header)
    reader.fieldnames = header
    raw_rows = [(reader.line_num or index, raw) for index, raw in enumerate(reader, start=2)]
    if decimal is None:
        decimal = detect_decimal([(raw.get("Quantity") or "") for _, raw in raw_rows])
    return _documents(raw_rows, date_format, decimal)


def parse_item_ledger_xlsx(data: bytes, *, date_format: str = "%Y-%m-%d") -> list[ImportDocument]:
    """The documents of an item ledger entries export saved as .xlsx (Business Central's "Open
    in Excel"): the first sheet, its first row the captions; numbers and dates as the cells hold
    them (text cells are read as in a CSV with a decimal point, or the file tells otherwise)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise ImportFileError(f"not an .xlsx workbook: {exc}") from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(cell).strip() for cell in next(rows, ())]
    _check_header(header)
    raw_rows = [
        (line, dict(zip(header, values, strict=False)))
        for line, values in enumerate(rows, start=2)
        if any(value is not None and value != "" for value in values)
    ]
    texts = [v for _, raw in raw_rows if isinstance(v := raw.get("Quantity"), str)]
    return _documents(raw_rows, date_format, detect_decimal(texts))


def _check_header(header: list[str]) -> None:
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportFileError(
            f"not a Business Central item ledger entries export: no column {', '.join(missing)}"
        )


def _documents(
    raw_rows: Sequence[tuple[int, Mapping[str, object]]],
    date_format: str,
    decimal: DecimalMark | None,
) -> list[ImportDocument]:
    groups: dict[tuple[str, str], ImportDocument] = {}
    rows_of: dict[tuple[str, str], list[LedgerRow]] = {}
    order: dict[tuple[str, str], tuple[int, int]] = {}
    for line, raw in raw_rows:
        document_no = _text(raw.get("Document No.")).strip().upper()
        try:
            row = _read_row(raw, line, date_format, decimal)
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
        group.numbers = sorted({(r.item_no, *r.numbers) for r in rows if any(r.numbers)})
        if group.reason is not None or group.kind is None:
            continue
        try:
            group.document = _document(group.kind, group.document_no, rows)
        except ValidationError as exc:
            group.reason = _validation_reason(exc)
        except ValueError as exc:
            group.reason = str(exc)
    return [groups[key] for key in sorted(groups, key=lambda k: order[k])]


def refused_earlier(
    numbers: list[tuple[str, str, str, str]], refused: dict[tuple[str, str], str]
) -> str | None:
    """The earlier refused document that brought in (or should have) one of `numbers`: `refused`
    maps (item, number) of refused documents' rows to their document number."""
    for item_no, *named in numbers:
        for no in named:
            if no and (item_no, no) in refused:
                return refused[(item_no, no)]
    return None


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
