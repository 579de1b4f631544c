"""Business Central's item posting, simulated in pure Python from the posting request JSON.

Written from the rules of codeunit 22 "Item Jnl.-Post Line" (ItemJnlPostLine.Codeunit.al in
microsoft/BCApps), not from this service's code, so that it does not share its blind spots:

- Every posted line (one per tracking line) makes one Item Ledger Entry. An inbound entry that
  applies to nothing gets one Item Application Entry of its own
  (`InsertApplEntry(entry, entry, 0, 0, ...)`: Outbound Item Entry No. 0 marks a true origin).
- An outbound entry is applied by `ApplyItemLedgEntry` to the open inbound entries of the same
  item, variant, location, bin, serial and lot, first in first out (or to the one entry named by
  Appl.-to Item Entry), one application per inbound entry: `InsertApplEntry(outbound, inbound,
  outbound, 0, ...)`.
- A transfer or reclassification posts the negative entry at the old location / numbers, and for
  each inbound entry it applied to, `InsertTransferEntry` makes a positive entry at the new
  location / numbers with `InsertApplEntry(new, new, negative, transferred_from=inbound, ...)`.
- An inbound line with Appl.-from Item Entry (a sales return naming its shipment) is applied to
  that outbound entry: `InsertApplEntry(return, return, shipment, 0, ...)`; it stays open stock.
- Production and assembly: consumption lines are outbound (Order Type Production/Assembly, Order
  No., Order Line No.), output lines inbound with an application of their own.

A line this simulation cannot post (not enough open stock) raises `Refused`: the generator uses
it to know which steps are valid.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

OUTBOUND_KINDS = {"purchase_return_shipment", "sales_shipment", "negative_adjustment"}
INBOUND_KINDS = {"purchase_receipt", "sales_return_receipt", "positive_adjustment"}
TRANSFER_KINDS = {"transfer", "reclassification"}
ORDER_KINDS = {"production", "assembly"}
ENTRY_TYPE = {
    "purchase_receipt": "Purchase",
    "purchase_return_shipment": "Purchase",
    "sales_shipment": "Sale",
    "sales_return_receipt": "Sale",
    "positive_adjustment": "Positive Adjmt.",
    "negative_adjustment": "Negative Adjmt.",
    "transfer": "Transfer",
    "reclassification": "Transfer",
}
ORDER_ENTRY_TYPE = {
    ("production", "consumption"): "Consumption",
    ("production", "output"): "Output",
    ("assembly", "consumption"): "Assembly Consumption",
    ("assembly", "output"): "Assembly Output",
}
CONSUMPTION_TYPES = {"Consumption", "Assembly Consumption"}
OUTPUT_TYPES = {"Output", "Assembly Output"}

# The natural key by which an entry is compared with the service's: entry numbers differ.
NaturalKey = tuple[
    str, str, str, str, str, str
]  # document, entry type, item, serial, lot, location


class Refused(Exception):
    """The document cannot be posted (BC: "...cannot be fully applied" and the like)."""


@dataclass
class Entry:
    """An Item Ledger Entry (table 32), the fields Item Tracing reads."""

    no: int
    entry_type: str
    document_kind: str
    document_no: str
    item_no: str
    variant_code: str
    location_code: str
    bin_code: str
    serial_no: str
    lot_no: str
    quantity: float
    remaining: float
    source_type: str = ""
    source_no: str = ""
    order_type: str = ""  # "Production" | "Assembly" | ""
    order_no: str = ""
    order_line_no: int = 0
    step: int = 0  # the chain step that posted it: time, for containment

    @property
    def positive(self) -> bool:
        return self.quantity > 0

    @property
    def tracked(self) -> bool:
        """ItemLedgerEntry.TrackingExists: a serial or a lot number."""
        return bool(self.serial_no or self.lot_no)

    @property
    def number(self) -> tuple[str, str, str]:
        return (self.item_no, self.serial_no, self.lot_no)

    @property
    def key(self) -> NaturalKey:
        return (
            self.document_no,
            self.entry_type,
            self.item_no,
            self.serial_no,
            self.lot_no,
            self.location_code,
        )


@dataclass(frozen=True)
class Application:
    """An Item Application Entry (table 339)."""

    entry_no: int  # Item Ledger Entry No.
    inbound: int  # Inbound Item Entry No.
    outbound: int  # Outbound Item Entry No. (0: a true origin)
    transferred_from: int  # Transferred-from Entry No.
    quantity: float


@dataclass
class Ledger:
    """Item Ledger Entries and Item Application Entries, as BC would have written them."""

    entries: list[Entry] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    step: int = 0

    def entry(self, no: int) -> Entry:
        return self.entries[no - 1]

    def _new(self, **fields: Any) -> Entry:
        e = Entry(no=len(self.entries) + 1, step=self.step, **fields)
        self.entries.append(e)
        return e

    def open_inbound(
        self, item: str, variant: str, location: str, bin_code: str, serial: str, lot: str
    ) -> list[Entry]:
        return [
            e
            for e in self.entries
            if e.positive
            and e.remaining > 0
            and (e.item_no, e.variant_code, e.location_code, e.bin_code, e.serial_no, e.lot_no)
            == (item, variant, location, bin_code, serial, lot)
        ]

    def on_hand(self, item: str, serial: str, lot: str, location: str) -> float:
        return sum(
            e.remaining
            for e in self.entries
            if e.positive
            and (e.item_no, e.serial_no, e.lot_no, e.location_code) == (item, serial, lot, location)
        )

    def post(
        self,
        document: dict[str, Any],
        *,
        extra_lines: Iterable[dict[str, Any]] = (),
        entry_of: Callable[[int], int] = lambda no: no,
    ) -> list[Entry]:
        """Post one document all or nothing; answers the entries made. `extra_lines` are lines
        the document moves as whole packages (expanded by the caller); `entry_of` maps an entry
        number named in the document (applies_from / applies_to) to this ledger's."""
        saved = (
            list(self.entries),
            list(self.applications),
            {e.no: e.remaining for e in self.entries},
        )
        self.step += 1
        try:
            return self._post(document, [*document.get("lines", []), *extra_lines], entry_of)
        except Refused:
            self.entries, self.applications = saved[0], saved[1]
            for e in self.entries:
                e.remaining = saved[2][e.no]
            raise

    def _post(
        self, doc: dict[str, Any], lines: list[dict[str, Any]], entry_of: Callable[[int], int]
    ) -> list[Entry]:
        kind = doc["kind"]
        made: list[Entry] = []
        source = {"Customer": doc.get("customer_no"), "Vendor": doc.get("vendor_no")}
        source_type = next((t for t, no in source.items() if no), "")
        for line in lines:
            trackings = line.get("tracking") or [{"quantity": line["quantity"]}]
            for t in trackings:
                quantity = float(t.get("quantity", 1))
                common = {
                    "document_kind": kind,
                    "document_no": doc["document_no"],
                    "item_no": line["item_no"],
                    "variant_code": line.get("variant_code", ""),
                    "source_type": source_type,
                    "source_no": source.get(source_type) or "",
                }
                where = (line["location_code"], line.get("bin_code") or "")
                numbers = (t.get("serial_no") or "", t.get("lot_no") or "")
                if kind in ORDER_KINDS:
                    line_type = line["type"]
                    common |= {
                        "entry_type": ORDER_ENTRY_TYPE[(kind, line_type)],
                        "order_type": "Production" if kind == "production" else "Assembly",
                        "order_no": doc["order_no"],
                        "order_line_no": int(line.get("order_line_no") or 0),
                    }
                    outbound = line_type == "consumption"
                else:
                    common["entry_type"] = ENTRY_TYPE[kind]
                    outbound = kind in OUTBOUND_KINDS | TRANSFER_KINDS
                if not outbound:
                    made.append(self._inbound(common, where, numbers, quantity, t, entry_of))
                    continue
                applies_to = t.get("applies_to_entry_no")
                negative, applied = self._outbound(
                    common, where, numbers, quantity, entry_of(applies_to) if applies_to else 0
                )
                made.append(negative)
                if kind in TRANSFER_KINDS:
                    new_where = (
                        line.get("new_location_code") or where[0],
                        line.get("new_bin_code")
                        or ("" if line.get("new_location_code") else where[1]),
                    )
                    new_numbers = (
                        t.get("new_serial_no") or numbers[0],
                        t.get("new_lot_no") or numbers[1],
                    )
                    for old, qty in applied:
                        made.append(
                            self._transfer_entry(common, negative, old, qty, new_where, new_numbers)
                        )
        return made

    def _inbound(
        self,
        common: dict[str, Any],
        where: tuple[str, str],
        numbers: tuple[str, str],
        quantity: float,
        tracking: dict[str, Any],
        entry_of: Callable[[int], int],
    ) -> Entry:
        applies_from = tracking.get("applies_from_entry_no")
        shipped = self.entry(entry_of(applies_from)) if applies_from else None
        if shipped is not None:  # the return takes the numbers of the entry it reverses
            numbers = (numbers[0] or shipped.serial_no, numbers[1] or shipped.lot_no)
        e = self._new(
            location_code=where[0],
            bin_code=where[1],
            serial_no=numbers[0],
            lot_no=numbers[1],
            quantity=quantity,
            remaining=quantity,
            **common,
        )
        outbound = shipped.no if shipped is not None else 0
        self.applications.append(Application(e.no, e.no, outbound, 0, quantity))
        return e

    def _outbound(
        self,
        common: dict[str, Any],
        where: tuple[str, str],
        numbers: tuple[str, str],
        quantity: float,
        applies_to: int,
    ) -> tuple[Entry, list[tuple[Entry, float]]]:
        """ApplyItemLedgEntry: FIFO over the open inbound entries of the same stock key."""
        if applies_to:
            candidates = [self.entry(applies_to)]
            numbers = (numbers[0] or candidates[0].serial_no, numbers[1] or candidates[0].lot_no)
        else:
            candidates = self.open_inbound(
                common["item_no"], common["variant_code"], *where, *numbers
            )
        e = self._new(
            location_code=where[0],
            bin_code=where[1],
            serial_no=numbers[0],
            lot_no=numbers[1],
            quantity=-quantity,
            remaining=0.0,
            **common,
        )
        left = quantity
        applied: list[tuple[Entry, float]] = []
        for old in sorted(candidates, key=lambda c: c.no):
            if left <= 0:
                break
            qty = min(left, old.remaining)
            if qty <= 0:
                continue
            old.remaining -= qty
            left -= qty
            applied.append((old, qty))
            self.applications.append(Application(e.no, old.no, e.no, 0, -qty))
        if left > 1e-9:
            raise Refused(f"{common['item_no']} {numbers} at {where}: {left} short")
        return e, applied

    def _transfer_entry(
        self,
        common: dict[str, Any],
        negative: Entry,
        old: Entry,
        quantity: float,
        where: tuple[str, str],
        numbers: tuple[str, str],
    ) -> Entry:
        """InsertTransferEntry: one positive entry per inbound entry the negative applied to."""
        e = self._new(
            location_code=where[0],
            bin_code=where[1],
            serial_no=numbers[0],
            lot_no=numbers[1],
            quantity=quantity,
            remaining=quantity,
            **common,
        )
        self.applications.append(Application(e.no, e.no, negative.no, old.no, quantity))
        return e
