"""Documents that move tracked stock, and the ledger entries each kind of document makes.

| document kind              | entry type            | sign | requirement flag     |
|----------------------------|-----------------------|------|----------------------|
| purchase_receipt           | Purchase              | +    | purchase_inbound     |
| purchase_return_shipment   | Purchase              | -    | purchase_outbound    |
| sales_shipment             | Sale                  | -    | sales_outbound       |
| sales_return_receipt       | Sale                  | +    | sales_inbound        |
| positive_adjustment        | Positive Adjmt.       | +    | pos_adjmt_inbound    |
| negative_adjustment        | Negative Adjmt.       | -    | neg_adjmt_outbound   |
| transfer                   | Transfer              | -, + | transfer             |
| reclassification           | Transfer              | -, + | transfer             |
| production (consumption)   | Consumption           | -    | manuf_outbound       |
| production (output)        | Output                | +    | manuf_inbound        |
| assembly (consumption)     | Assembly Consumption  | -    | assembly_outbound    |
| assembly (output)          | Assembly Output       | +    | assembly_inbound     |

A transfer line leaves `location_code` and arrives at `new_location_code` with the same numbers;
a reclassification line may also give new numbers and a new expiration date.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from service.domain.cells import Printable
from service.domain.containment import PackContent
from service.domain.master_data import Code10, Code20, Strict
from service.domain.quantities import to_bc_precision

DocumentKind = Literal[
    "purchase_receipt",
    "purchase_return_shipment",
    "sales_shipment",
    "sales_return_receipt",
    "positive_adjustment",
    "negative_adjustment",
    "transfer",
    "reclassification",
    "production",
    "assembly",
]
EntryType = Literal[
    "Purchase",
    "Sale",
    "Positive Adjmt.",
    "Negative Adjmt.",
    "Transfer",
    "Consumption",
    "Output",
    "Assembly Consumption",
    "Assembly Output",
]
LineType = Literal["consumption", "output"]
TrackingNo = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50), Printable
]
VariantCode = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, max_length=10), Printable
]
# A JSON number (strict: no "1", no true), finite, at BC's 0.00001 precision.
Quantity = Annotated[
    float, Field(gt=0, le=1e9, strict=True, allow_inf_nan=False), AfterValidator(to_bc_precision)
]
EntryNo = Annotated[int, Field(gt=0, le=2**63 - 1)]  # inside Neo4j's 64-bit integers

SALES_KINDS = {"sales_shipment", "sales_return_receipt"}
PURCHASE_KINDS = {"purchase_receipt", "purchase_return_shipment"}
MOVE_KINDS = {"transfer", "reclassification"}
ORDER_KINDS = {"production", "assembly"}
RETURN_KINDS = {"sales_return_receipt", "positive_adjustment"}
"""Kinds whose lines may reverse an outbound entry (`applies_from_entry_no`)."""
# Business Central exempts these from strict expiration posting.
EXPIRATION_EXEMPT_KINDS = {"purchase_return_shipment", "negative_adjustment", "reclassification"}

_SINGLE: dict[str, tuple[EntryType, int]] = {
    "purchase_receipt": ("Purchase", 1),
    "purchase_return_shipment": ("Purchase", -1),
    "sales_shipment": ("Sale", -1),
    "sales_return_receipt": ("Sale", 1),
    "positive_adjustment": ("Positive Adjmt.", 1),
    "negative_adjustment": ("Negative Adjmt.", -1),
}
_ORDER: dict[tuple[str, LineType], tuple[EntryType, int]] = {
    ("production", "consumption"): ("Consumption", -1),
    ("production", "output"): ("Output", 1),
    ("assembly", "consumption"): ("Assembly Consumption", -1),
    ("assembly", "output"): ("Assembly Output", 1),
}
FLAG: dict[tuple[EntryType, int], str] = {
    ("Purchase", 1): "purchase_inbound",
    ("Purchase", -1): "purchase_outbound",
    ("Sale", 1): "sales_inbound",
    ("Sale", -1): "sales_outbound",
    ("Positive Adjmt.", 1): "pos_adjmt_inbound",
    ("Positive Adjmt.", -1): "pos_adjmt_outbound",
    ("Negative Adjmt.", 1): "neg_adjmt_inbound",
    ("Negative Adjmt.", -1): "neg_adjmt_outbound",
    ("Transfer", 1): "transfer",
    ("Transfer", -1): "transfer",
    ("Output", 1): "manuf_inbound",
    ("Consumption", -1): "manuf_outbound",
    ("Assembly Output", 1): "assembly_inbound",
    ("Assembly Consumption", -1): "assembly_outbound",
}


class TrackingLine(Strict):
    """One item tracking line: which numbers, how many, and their dates."""

    serial_no: TrackingNo | None = None
    lot_no: TrackingNo | None = None
    package_no: TrackingNo | None = None
    quantity: Quantity = 1
    expiration_date: dt.date | None = None
    warranty_date: dt.date | None = None
    new_serial_no: TrackingNo | None = Field(default=None, description="Reclassification only")
    new_lot_no: TrackingNo | None = Field(default=None, description="Reclassification only")
    new_package_no: TrackingNo | None = Field(default=None, description="Reclassification only")
    new_expiration_date: dt.date | None = Field(default=None, description="Reclassification only")
    applies_to_entry_no: EntryNo | None = Field(
        default=None,
        description=(
            "Lines that take stock out only: the inbound entry this line takes its stock from "
            "(Business Central's Appl.-to Item Entry), whose numbers it takes; it must be open "
            "at the line's location"
        ),
    )
    applies_from_entry_no: EntryNo | None = Field(
        default=None,
        description=(
            "Sales return receipts and positive adjustments only: the outbound entry this line "
            "reverses (Business Central's Appl.-from Item Entry), whose numbers and dates it "
            "takes; the line returns at most what that entry took out, less earlier returns"
        ),
    )

    def changes_numbers(self) -> bool:
        return any(
            value is not None
            for value in (
                self.new_serial_no,
                self.new_lot_no,
                self.new_package_no,
                self.new_expiration_date,
            )
        )


ASSIGN_FIELDS = ("assign_serial_nos", "assign_lot_no", "assign_package_no")


class PostingLine(Strict):
    type: LineType | None = Field(default=None, description="Production and assembly only")
    order_line_no: int | None = Field(
        default=None,
        ge=1,
        le=2_147_483_647,
        description="Production only: the Prod. Order Line No. the line belongs to. Consumption "
        "feeds the output of its own order line; a line without one belongs to the whole order "
        "(its consumption feeds every output, its output takes every consumption)",
    )
    item_no: Code20
    variant_code: VariantCode = ""
    location_code: Code10
    bin_code: Code20 | None = None
    new_location_code: Code10 | None = Field(default=None, description="Transfer destination")
    new_bin_code: Code20 | None = None
    quantity: Quantity
    unit_of_measure: Code10 | None = Field(
        default=None, description="Must be the item's base unit of measure when given"
    )
    tracking: list[TrackingLine] = Field(default_factory=list, max_length=10_000)
    assign_serial_nos: bool = Field(
        default=False, description="Assign one serial per unit from the item's Serial Nos."
    )
    assign_lot_no: bool = Field(default=False, description="Assign a lot from the item's Lot Nos.")
    assign_package_no: bool = Field(
        default=False,
        description="Assign one package number to the line from the inventory setup's Package Nos.",
    )

    @property
    def assigns_numbers(self) -> bool:
        """Whether the line asks for numbers drawn from a number series."""
        return any(getattr(self, f) for f in ASSIGN_FIELDS)

    @model_validator(mode="after")
    def _tracking_adds_up(self) -> Self:
        if self.tracking:
            total = round(sum(t.quantity for t in self.tracking), 5)
            if total != round(self.quantity, 5):
                raise ValueError(
                    f"the tracking lines add up to {total:g}, "
                    f"the line quantity is {self.quantity:g}"
                )
        return self


class PackageMove(Strict):
    """A whole package on a document: everything inside it, at any depth, moves with it."""

    package_no: TrackingNo
    location_code: Code10
    bin_code: Code20 | None = None
    new_location_code: Code10 | None = Field(default=None, description="Transfers only")


class PackInstruction(Strict):
    """Pack numbers into a package in the posting's own transaction (after its entries)."""

    package_no: TrackingNo
    contents: list[PackContent] = Field(min_length=1, max_length=1000)


PACKAGE_KINDS = {"sales_shipment", "purchase_return_shipment", "negative_adjustment", "transfer"}


class Document(Strict):
    kind: DocumentKind
    document_no: Code20
    posting_date: dt.date
    document_date: dt.date | None = Field(default=None, description="Defaults to posting date")
    customer_no: Code20 | None = None
    vendor_no: Code20 | None = None
    order_no: Code20 | None = Field(default=None, description="Production or assembly order")
    external_document_no: Annotated[str, StringConstraints(max_length=35), Printable] = ""
    lines: list[PostingLine] = Field(default_factory=list, max_length=1000)
    packages: list[PackageMove] = Field(
        default_factory=list,
        max_length=100,
        description="Whole packages to ship, return, write off or transfer with their contents",
    )

    pack: list[PackInstruction] = Field(
        default_factory=list,
        max_length=100,
        description="Packing done as part of this posting, e.g. a receipt into a container",
    )

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Self:
        if not self.lines and not self.packages:
            raise ValueError("a document needs lines or packages")
        if self.packages and self.kind not in PACKAGE_KINDS:
            raise ValueError(f"packages cannot be posted on a {self.kind.replace('_', ' ')}")
        for move in self.packages:
            _require(self.kind != "transfer" or move.new_location_code,
                     "packages.new_location_code", self.kind)  # fmt: skip
        _require(self.kind not in SALES_KINDS or self.customer_no, "customer_no", self.kind)
        _require(self.kind not in PURCHASE_KINDS or self.vendor_no, "vendor_no", self.kind)
        _require(self.kind not in ORDER_KINDS or self.order_no, "order_no", self.kind)
        for line in self.lines:
            _require(self.kind not in ORDER_KINDS or line.type, "lines.type", self.kind)
            if self.kind == "transfer":
                _require(line.new_location_code, "lines.new_location_code", self.kind)
            if self.kind not in ORDER_KINDS and line.type is not None:
                raise ValueError(f"lines.type is only for production and assembly, not {self.kind}")
            if self.kind != "production" and line.order_line_no is not None:
                raise ValueError(
                    f"lines.order_line_no is only for production, not {self.kind} "
                    "(an assembly order links its consumption to its output by document)"
                )
            _check_applies(self.kind, line)
            _check_assigns(self.kind, line)
        return self

    @property
    def effective_document_date(self) -> dt.date:
        return self.document_date or self.posting_date


def _check_applies(kind: DocumentKind, line: PostingLine) -> None:
    """A line names the entry it applies from only on a return, and the one it applies to only
    when it takes stock out."""
    word = kind.replace("_", " ")
    if kind not in RETURN_KINDS and any(t.applies_from_entry_no for t in line.tracking):
        raise ValueError(
            "lines.tracking.applies_from_entry_no is only for sales return receipts and "
            f"positive adjustments, not {word}"
        )
    names_source = any(t.applies_to_entry_no for t in line.tracking)  # rare: checked first
    if names_source and all(sign > 0 for _, sign in entry_type_and_sign(kind, line)):
        raise ValueError(
            f"lines.tracking.applies_to_entry_no is only for lines that take stock out, not a "
            f"{word}{' output' if line.type == 'output' else ''} line"
        )


def _check_assigns(kind: DocumentKind, line: PostingLine) -> None:
    """New numbers are drawn only for stock coming in, as Business Central offers its Assign
    Serial No. and Assign Lot No. only on supply: stock going out takes the numbers it has."""
    if line.assigns_numbers and not all(sign > 0 for _, sign in entry_type_and_sign(kind, line)):
        asked = ", ".join(f"lines.{f}" for f in ASSIGN_FIELDS if getattr(line, f))
        what = " ".join(filter(None, (kind.replace("_", " "), line.type)))
        raise ValueError(f"{asked} is only for lines that bring stock in, not a {what} line")


def _require(ok: object, field_name: str, kind: str) -> None:
    if not ok:
        raise ValueError(f"{field_name} is required for a {kind.replace('_', ' ')}")


@dataclass(frozen=True)
class Numbers:
    """The tracking numbers of one entry ("" where none)."""

    serial_no: str = ""
    lot_no: str = ""
    package_no: str = ""

    def describe(self) -> str:
        parts = [
            f"{caption} {value}"
            for caption, value in (
                ("Serial No.", self.serial_no),
                ("Lot No.", self.lot_no),
                ("Package No.", self.package_no),
            )
            if value
        ]
        return ", ".join(parts) or "no tracking numbers"


@dataclass
class Movement:
    """One side of one tracking line: what a ledger entry will record."""

    line_no: int
    entry_type: EntryType
    sign: int
    item_no: str
    variant_code: str
    location_code: str
    bin_code: str
    quantity: float
    numbers: Numbers
    expiration_date: dt.date | None = None
    warranty_date: dt.date | None = None
    pair: "Movement | None" = field(default=None, repr=False)  # the other side of a move
    applies_from: int | None = None  # the outbound entry a return reverses
    applies_to: int | None = None  # the inbound entry an outbound line takes from
    order_line_no: int | None = None  # the production order line (None: the whole order)

    @property
    def flag(self) -> str:
        return FLAG[(self.entry_type, self.sign)]


def entry_type_and_sign(kind: DocumentKind, line: PostingLine) -> list[tuple[EntryType, int]]:
    """The entries one line makes, in the order they post (outbound first for moves)."""
    if kind in MOVE_KINDS:
        return [("Transfer", -1), ("Transfer", 1)]
    if kind in ORDER_KINDS:
        assert line.type is not None
        return [_ORDER[(kind, line.type)]]
    return [_SINGLE[kind]]


def movements(document: Document, lines: list[PostingLine]) -> list[Movement]:
    """Every entry the document will make, one per tracking line and side, in posting order.

    `lines` are the document's lines with numbers already assigned. Outbound movements of
    production and assembly (consumption) post before their outputs.
    """
    result: list[Movement] = []
    for line_no, line in enumerate(lines, start=1):
        tracking = line.tracking or [TrackingLine(quantity=line.quantity)]
        for tracked in tracking:
            result.extend(_line_movements(document.kind, line_no * 10_000, line, tracked))
    if document.kind in ORDER_KINDS:
        result.sort(key=lambda m: m.sign)  # stable: consumption first, then output
    return result


def _line_movements(
    kind: DocumentKind, line_no: int, line: PostingLine, tracked: TrackingLine
) -> list[Movement]:
    numbers = Numbers(tracked.serial_no or "", tracked.lot_no or "", tracked.package_no or "")
    sides = entry_type_and_sign(kind, line)
    if len(sides) == 1:
        entry_type, sign = sides[0]
        return [
            Movement(line_no, entry_type, sign, line.item_no, line.variant_code,
                     line.location_code, line.bin_code or "", tracked.quantity, numbers,
                     tracked.expiration_date, tracked.warranty_date,
                     applies_from=tracked.applies_from_entry_no,
                     applies_to=tracked.applies_to_entry_no, order_line_no=line.order_line_no)
        ]  # fmt: skip
    new_numbers = Numbers(
        tracked.new_serial_no or numbers.serial_no,
        tracked.new_lot_no or numbers.lot_no,
        tracked.new_package_no or numbers.package_no,
    )
    out = Movement(line_no, "Transfer", -1, line.item_no, line.variant_code, line.location_code,
                   line.bin_code or "", tracked.quantity, numbers,
                   warranty_date=tracked.warranty_date,
                   applies_to=tracked.applies_to_entry_no)  # fmt: skip
    arrives_at = line.new_location_code or line.location_code
    # A bin belongs to its location: stock arriving elsewhere keeps no bin unless one is named.
    same_place = arrives_at == line.location_code
    into = Movement(
        line_no, "Transfer", 1, line.item_no, line.variant_code, arrives_at,
        line.new_bin_code or (line.bin_code or "" if same_place else ""),
        tracked.quantity, new_numbers, tracked.new_expiration_date, tracked.warranty_date,
        pair=out,
    )  # fmt: skip
    return [out, into]


class AppliedTo(Strict):
    entry_no: int
    quantity: float


class LedgerEntry(Strict):
    """An item ledger entry as posted; posted entries never change but for what remains."""

    entry_no: int
    entry_type: EntryType
    document_kind: DocumentKind
    document_no: str
    document_line_no: int
    order_line_no: int | None = Field(default=None, description="The production order line")
    posting_date: dt.date
    item_no: str
    variant_code: str
    location_code: str
    bin_code: str
    quantity: float
    remaining_quantity: float
    open: bool
    serial_no: str
    lot_no: str
    package_no: str
    expiration_date: dt.date | None = None
    warranty_date: dt.date | None = None
    source_type: Literal["", "Customer", "Vendor"]
    source_no: str
    applied_to: list[AppliedTo] = Field(default_factory=list)
    applied_from: AppliedTo | None = Field(
        default=None, description="The outbound entry this entry reverses (a return), and how much"
    )


class PostingResult(Strict):
    kind: DocumentKind
    document_no: str
    posting_date: dt.date
    entries: list[LedgerEntry]


@dataclass(frozen=True)
class PackedUnit:
    """Something inside a package: a serial (quantity 1, with its lot) or a lot quantity."""

    item_no: str
    variant_code: str
    serial_no: str
    lot_no: str
    quantity: float


def package_lines(move: PackageMove, units: list[PackedUnit]) -> list[PostingLine]:
    """One posting line per item and variant in the package, with a tracking line per unit."""
    grouped: dict[tuple[str, str], list[PackedUnit]] = {}
    for unit in units:
        grouped.setdefault((unit.item_no, unit.variant_code), []).append(unit)
    return [
        PostingLine(
            item_no=item_no,
            variant_code=variant_code,
            location_code=move.location_code,
            bin_code=move.bin_code,
            new_location_code=move.new_location_code,
            quantity=round(sum(u.quantity for u in group), 5),
            tracking=[
                TrackingLine(
                    serial_no=u.serial_no or None, lot_no=u.lot_no or None, quantity=u.quantity
                )
                for u in group
            ],
        )
        for (item_no, variant_code), group in sorted(grouped.items())
    ]
