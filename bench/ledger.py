"""The ledger a dataset posts to, planned in memory with the service's own posting rules.

Each document goes through `service.domain.posting_plan.plan_posting` (the pure function
`POST /v1/postings` calls inside its transaction) with a context kept in memory instead of read
from Neo4j: open entries indexed by item, variant, location, lot and serial, the serials on
inventory, the information cards and lot expirations. Entry numbers are drawn as postings draw
them from the `LedgerSequence`, and every row is `service.graph.postings.entry_row`, so the
bulk ingest writes exactly what postings would: only faster, and in batches.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from bench.generator import Dataset
from service.domain.application import OpenEntry
from service.domain.containment import PackageRef, SerialRef
from service.domain.posting_plan import CardRef, CardState, ItemKey, PostingContext, plan_posting
from service.domain.postings import Document
from service.domain.tracking_codes import ItemTrackingCode
from service.graph.postings import document_props, entry_row

OpenKey = tuple[str, str, str, str, str]  # item, variant, location, lot, serial


@dataclass
class Ledger:
    """Rows for the bulk writes, in posting order; `entries` end with their final remaining
    quantities (as postings leave them after the last document)."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    applications: list[dict[str, Any]] = field(default_factory=list)
    transfers: list[dict[str, Any]] = field(default_factory=list)
    production_links: list[dict[str, Any]] = field(default_factory=list)
    assembly_links: list[dict[str, Any]] = field(default_factory=list)
    cards: dict[CardRef, str] = field(default_factory=dict)  # posted card -> its document
    lot_expirations: dict[ItemKey, dt.date] = field(default_factory=dict)
    serials: set[ItemKey] = field(default_factory=set)
    lots: set[ItemKey] = field(default_factory=set)
    serial_lots: set[tuple[str, str, str, str]] = field(default_factory=set)
    packages: list[str] = field(default_factory=list)
    serial_packing: list[dict[str, Any]] = field(default_factory=list)
    package_packing: list[dict[str, Any]] = field(default_factory=list)

    @property
    def last_entry_no(self) -> int:
        return len(self.entries)


def plan_ledger(dataset: Dataset) -> Ledger:
    """Plan every document in order; raises the service's TrackingRuleViolation if one breaks
    a rule (the generator's documents never do)."""
    codes: dict[str, ItemTrackingCode] = {c.code: c for c in dataset.tracking_codes}
    items = {
        i.no: (i, codes[i.item_tracking_code] if i.item_tracking_code else None)
        for i in dataset.items
    }
    cards: dict[CardRef, CardState] = {}
    expirations: dict[ItemKey, dt.date] = {}
    on_inventory: set[ItemKey] = set()
    open_index: dict[OpenKey, list[OpenEntry]] = defaultdict(list)
    ledger = Ledger()
    packed: dict[tuple[str, str, str], dict[str, Any]] = {}  # serial -> its current packing
    for document in dataset.documents:
        candidates = _candidates(document, open_index)
        context = PostingContext(items, cards, expirations, on_inventory, candidates)
        plan = plan_posting(document, document.lines, context)
        before = ledger.last_entry_no

        def number(key: int, before: int = before) -> int:
            return before - key if key < 0 else key

        ledger.documents.append(
            {
                "props": document_props(document),
                "customerNo": document.customer_no,
                "vendorNo": document.vendor_no,
            }
        )
        for ref in plan.new_cards:
            ledger.cards[ref] = f"{document.kind.replace('_', ' ')} {document.document_no}"
        for planned in plan.entries:
            row = entry_row(document, planned, number(planned.key))
            ledger.entries.append(row)
            _record_numbers(ledger, row)
            for inbound, quantity in planned.applied:
                ledger.applications.append(
                    {"outbound": row["entryNo"], "inbound": number(inbound), "quantity": quantity}
                )
            if planned.transferred_from is not None:
                ledger.transfers.append(
                    {"arrived": row["entryNo"], "left": number(planned.transferred_from)}
                )
            if document.order_no and document.kind in {"production", "assembly"}:
                links = (
                    ledger.production_links
                    if document.kind == "production"
                    else ledger.assembly_links
                )
                links.append(
                    {
                        "orderNo": document.order_no,
                        "entryNo": row["entryNo"],
                        "output": planned.movement.sign > 0,
                    }
                )
            if planned.movement.sign > 0 and planned.remaining > 0:
                m = planned.movement
                key = (
                    m.item_no,
                    m.variant_code,
                    m.location_code,
                    m.numbers.lot_no,
                    m.numbers.serial_no,
                )
                open_index[key].append(
                    OpenEntry(
                        row["entryNo"],
                        m.item_no,
                        m.variant_code,
                        m.location_code,
                        m.bin_code,
                        m.numbers,
                        document.posting_date,
                        m.expiration_date,
                        planned.remaining,
                        m.warranty_date,
                    )
                )
        for stored, remaining in plan.remaining.items():
            row = ledger.entries[stored - 1]
            row["remainingQuantity"] = remaining
            row["open"] = remaining > 0
        expirations.update(plan.lot_expirations)
        ledger.lot_expirations.update(plan.lot_expirations)
        rows = ledger.entries[before:]
        _leave_packages(ledger, document, rows, packed)
        _record_packing(ledger, document, rows, packed)
    return ledger


def _candidates(document: Document, index: dict[OpenKey, list[OpenEntry]]) -> list[OpenEntry]:
    """The open entries a document's outbound lines could apply to (they name lot and serial)."""
    found: dict[int, OpenEntry] = {}
    for line in document.lines:
        for t in line.tracking:
            key = (
                line.item_no,
                line.variant_code,
                line.location_code,
                t.lot_no or "",
                t.serial_no or "",
            )
            entries = index.get(key)
            if not entries:
                continue
            still_open = [e for e in entries if e.remaining > 0]
            if len(still_open) != len(entries):
                index[key] = still_open
            for e in still_open:
                found[e.key] = e
    return list(found.values())


def _record_numbers(ledger: Ledger, row: dict[str, Any]) -> None:
    item, variant, serial, lot = row["itemNo"], row["variantCode"], row["serialNo"], row["lotNo"]
    if serial:
        ledger.serials.add((item, variant, serial))
    if lot:
        ledger.lots.add((item, variant, lot))
    if serial and lot:
        ledger.serial_lots.add((item, variant, serial, lot))
    if row["packageNo"]:
        raise NotImplementedError("the generator posts no package numbers on ledger entries")


def _leave_packages(
    ledger: Ledger,
    document: Document,
    rows: list[dict[str, Any]],
    packed: dict[tuple[str, str, str], dict[str, Any]],
) -> None:
    """A serial number that left its package's location leaves the package, as postings do
    (`service/domain/held_stock.py`; the generator packs serial numbers and cartons only, and
    moves no whole package)."""
    moved: dict[tuple[str, str, str, str], float] = defaultdict(float)
    for row in rows:
        if row["serialNo"]:
            key = (row["itemNo"], row["variantCode"], row["serialNo"], row["locationCode"])
            moved[key] += row["quantity"]
    for (item, variant, serial, location), quantity in moved.items():
        packing = packed.get((item, variant, serial))
        if packing is not None and packing["locationCode"] == location and quantity < 0:
            packing["unpackedBy"] = f"posting {document.document_no}"
            del packed[(item, variant, serial)]


def _record_packing(
    ledger: Ledger,
    document: Document,
    rows: list[dict[str, Any]],
    packed: dict[tuple[str, str, str], dict[str, Any]],
) -> None:
    by = f"posting {document.document_no}"
    here = {
        (r["itemNo"], r["variantCode"], r["serialNo"]): r["locationCode"]
        for r in rows
        if r["serialNo"] and r["quantity"] > 0
    }
    at = next(iter(here.values()), None)
    for instruction in document.pack:
        ledger.packages.append(instruction.package_no)
        for content in instruction.contents:
            if isinstance(content, SerialRef):
                key = (content.item_no, content.variant_code, content.serial_no)
                packing = {
                    "itemNo": content.item_no,
                    "variantCode": content.variant_code,
                    "serialNo": content.serial_no,
                    "packageNo": instruction.package_no,
                    "packedBy": by,
                    "locationCode": here[key],
                    "unpackedBy": None,
                }
                ledger.serial_packing.append(packing)
                packed[key] = packing
            elif isinstance(content, PackageRef):
                ledger.package_packing.append(
                    {
                        "child": content.package_no,
                        "packageNo": instruction.package_no,
                        "packedBy": by,
                        "locationCode": at,
                    }
                )
            else:
                raise NotImplementedError("the generator packs serials and packages only")
