"""Posting a document: one transaction that locks the document's items, reads what the rules
need in one statement, plans with the pure domain (`service.domain.posting_plan`), takes entry
numbers (from a block drawn in a short transaction of its own, `draw_entry_numbers`) and
writes the document, its entries and its EPCIS event in one statement.

Graph written per entry (see docs/graph-model.md):
(:Document)-[:HAS_ENTRY]->(:ItemLedgerEntry)-[:OF_ITEM]->(:Item), -[:AT_LOCATION]->(:Location),
-[:OF_SERIAL|OF_LOT|OF_PACKAGE]->(number), (outbound)-[:APPLIED_TO {quantity}]->(inbound),
(arrived)-[:TRANSFERRED_FROM]->(left), (returned)-[:APPLIED_FROM {quantity}]->(outbound),
(output)-[:OUTPUT_OF]->(order)-[:CONSUMED]->(consumption),
(:SerialNo)-[:IN_LOT]->(:Lot).
"""

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from service.domain import tracking_rules as rules
from service.domain.application import OpenEntry
from service.domain.applied_entries import AppliedEntry, named_entry_nos, with_applied_numbers
from service.domain.held_stock import Number, PostedEntry
from service.domain.items import Item
from service.domain.posting_plan import (
    CAPTIONS,
    CardRef,
    CardState,
    ItemKey,
    PlannedEntry,
    PostingContext,
    PostingPlan,
    card_ref,
    describe_card,
    plan_posting,
    taken_cards,
)
from service.domain.postings import (
    Document,
    DocumentKind,
    LedgerEntry,
    Numbers,
    PackageMove,
    PackedUnit,
    PostingLine,
    PostingResult,
    TrackingLine,
    entry_type_and_sign,
    package_lines,
)
from service.domain.tracking_codes import ItemTrackingCode
from service.epcis.from_postings import PostingKeys
from service.errors import Conflict, DomainError, InvalidInput
from service.graph import containment, events
from service.graph.cypher import cypher, in_sequence
from service.graph.inventory_setup import setup_in_transaction
from service.graph.number_series import draw_in_transaction
from service.graph.props import from_props
from service.graph.store import Graph, Reader, actor, record, rows, single
from service.graph.tracking_codes import tracking_code_from_props
from service.metrics import POSTINGS

Setup = dict[str, tuple[Item, ItemTrackingCode | None, str | None, str | None]]
LOCKED_CONTEXT = in_sequence(("postings/lock_items",), then="postings/get_posting_context")
KEY_SCOPE_SEPARATOR = "/"
LOCKED_REPLAY = in_sequence(("postings/lock_items",), then="postings/get_idempotency_record")


def request_hash(document: Document) -> str:
    """The request's fingerprint for its idempotency key: its values, defaults left out, so a
    field that later versions add with a default leaves the fingerprint of a request that does
    not use it unchanged (a retry across an upgrade is still the same request)."""
    return hashlib.sha256(document.model_dump_json(exclude_defaults=True).encode()).hexdigest()


async def _replay(
    tx: Reader, key: str, digest: str, ttl_seconds: float, *, locking: Document | None = None
) -> PostingResult | None:
    """The answer the posting with `key` gave, if one did. With `locking`, read once that
    document's items are locked, in the same statement: a request with the same key that is
    posting them now has committed by then."""
    if locking is None:
        params: dict[str, Any] = {"key": key, "ttlSeconds": ttl_seconds}
        row = await single(tx, cypher("postings/get_idempotency_record"), params)
    else:
        params = {"key": key, "itemNos": _item_nos(locking), "ttlSeconds": ttl_seconds}
        row = await single(tx, LOCKED_REPLAY, params)
    if row is None:
        return None
    if row["requestHash"] != digest:
        raise Conflict(
            f"Idempotency-Key {key.split(KEY_SCOPE_SEPARATOR, 1)[-1]} was already used for a "
            "different request.",
            code="idempotency-key-reused",
        )
    return PostingResult.model_validate_json(row["response"])


def _item_nos(document: Document) -> list[str]:
    return sorted({line.item_no for line in document.lines})


def _setup(document: Document, found: list[dict[str, Any]]) -> Setup:
    """The items as `get_posting_context` reads them; refuses lines naming an item, variant or
    unit of measure that does not exist."""
    setup: Setup = {}
    for row in found:
        props = {k: v for k, v in from_props(row["item"]).items() if k in Item.model_fields}
        item = Item.model_validate({**props, "variants": [{"code": v} for v in row["variants"]]})
        code = tracking_code_from_props(row["trackingCode"]) if row["trackingCode"] else None
        serial_nos = row["serialNos"][0] if row["serialNos"] else None
        lot_nos = row["lotNos"][0] if row["lotNos"] else None
        setup[item.no] = (item, code, serial_nos, lot_nos)
    for index, line in enumerate(document.lines):
        if line.item_no not in setup:
            raise InvalidInput(
                f"Item {line.item_no} does not exist.", field=f"lines.{index}.item_no"
            )
        item = setup[line.item_no][0]
        if line.variant_code and line.variant_code not in {v.code for v in item.variants}:
            raise InvalidInput(
                f"Variant {line.variant_code} of item {item.no} does not exist.",
                field=f"lines.{index}.variant_code",
            )
        if line.unit_of_measure and line.unit_of_measure != item.base_unit_of_measure:
            raise InvalidInput(
                f"Unit of measure {line.unit_of_measure} is not item {item.no}'s base unit "
                f"{item.base_unit_of_measure}; post quantities in the base unit.",
                field=f"lines.{index}.unit_of_measure",
            )
    return setup


def _reference_params(document: Document) -> dict[str, Any]:
    """What `get_posting_context` checks exists: locations, bins, partners, the document."""
    locations = {line.location_code for line in document.lines} | {
        line.new_location_code for line in document.lines if line.new_location_code
    }
    bins = [
        {"locationCode": location, "code": bin_code}
        for line in document.lines
        for location, bin_code in (
            (line.location_code, line.bin_code),
            (line.new_location_code or line.location_code, line.new_bin_code),
        )
        if bin_code
    ]
    return {
        "locationCodes": sorted(locations),
        "bins": bins,
        "customerNo": document.customer_no,
        "vendorNo": document.vendor_no,
        "kind": document.kind,
        "documentNo": document.document_no,
    }


def _check_references(document: Document, setup: Setup, row: dict[str, Any]) -> PostingKeys:
    """Refuse a document naming locations, bins or partners that do not exist, or posted
    already; return the GS1 keys (GTINs, GLNs) its EPCIS event is written with."""
    if row["alreadyPosted"]:
        raise rules.document_already_posted(document.kind, document.document_no)
    if row["missingLocations"]:
        missing = ", ".join(row["missingLocations"])
        raise InvalidInput(f"Location {missing} does not exist.", field="lines.location_code")
    if row["missingBins"]:
        first = row["missingBins"][0]
        raise InvalidInput(
            f"Bin {first['code']} does not exist at location {first['locationCode']}.",
            field="lines.bin_code",
        )
    if not row["customerExists"]:
        raise InvalidInput(f"Customer {document.customer_no} does not exist.", field="customer_no")
    if not row["vendorExists"]:
        raise InvalidInput(f"Vendor {document.vendor_no} does not exist.", field="vendor_no")
    return PostingKeys(
        gtins={no: item.gtin for no, (item, _, _, _) in setup.items() if item.gtin},
        location_glns={loc["code"]: loc["gln"] for loc in row["locationGlns"]},
        customer_gln=row["customerGln"],
        vendor_gln=row["vendorGln"],
    )


async def _assign_numbers(
    tx: AsyncManagedTransaction, document: Document, setup: Setup
) -> list[PostingLine]:
    """Lines with the serials and lots they asked for drawn from the items' number series, and
    the package numbers from the inventory setup's."""
    lines: list[PostingLine] = []
    package_series: str | None = None
    for index, line in enumerate(document.lines):
        if not line.assigns_numbers:
            lines.append(line)
            continue
        _, _, serial_nos, lot_nos = setup[line.item_no]
        lot_no = None
        if line.assign_lot_no:
            series = _series_or_refuse(
                lot_nos, f"Item {line.item_no}", "Lot Nos.", index, "assign_lot_no"
            )
            lot_no = (await _draw(tx, series, 1, document))[0]
        if line.assign_serial_nos:
            if line.quantity != int(line.quantity):
                raise rules.serial_quantity()
            series = _series_or_refuse(
                serial_nos, f"Item {line.item_no}", "Serial Nos.", index, "assign_serial_nos"
            )
            serials = await _draw(tx, series, int(line.quantity), document)
            template = line.tracking[0] if line.tracking else TrackingLine()
            tracking = [
                template.model_copy(update={"serial_no": no, "lot_no": lot_no or template.lot_no,
                                            "quantity": 1})
                for no in serials
            ]  # fmt: skip
        elif line.assign_lot_no:
            base = line.tracking or [TrackingLine(quantity=line.quantity)]
            tracking = [t.model_copy(update={"lot_no": lot_no}) for t in base]
        else:
            tracking = line.tracking or [TrackingLine(quantity=line.quantity)]
        if line.assign_package_no:
            if package_series is None:
                package_series = _series_or_refuse(
                    (await setup_in_transaction(tx)).package_nos,
                    "Inventory Setup", "Package Nos.", index, "assign_package_no",
                )  # fmt: skip
            package_no = (await _draw(tx, package_series, 1, document))[0]
            tracking = [t.model_copy(update={"package_no": package_no}) for t in tracking]
        lines.append(line.model_copy(update={"tracking": tracking}))
    return lines


def _series_or_refuse(series: str | None, owner: str, caption: str, index: int, field: str) -> str:
    if series is None:
        raise InvalidInput(
            f"{owner} has no {caption} number series to assign from.",
            field=f"lines.{index}.{field}",
        )
    return series


async def _draw(
    tx: AsyncManagedTransaction, series: str, count: int, document: Document
) -> list[str]:
    drawn = await draw_in_transaction(tx, code=series, count=count, today=document.posting_date)
    return drawn.numbers


def _numbers_named(lines: list[PostingLine]) -> tuple[set[ItemKey], set[ItemKey], set[str]]:
    serials: set[ItemKey] = set()
    lots: set[ItemKey] = set()
    packages: set[str] = set()
    for line in lines:
        for t in line.tracking:
            for serial in (t.serial_no, t.new_serial_no):
                if serial:
                    serials.add((line.item_no, line.variant_code, serial))
            for lot in (t.lot_no, t.new_lot_no):
                if lot:
                    lots.add((line.item_no, line.variant_code, lot))
            packages.update(p for p in (t.package_no, t.new_package_no) if p)
    return serials, lots, packages


def _keys(found: set[ItemKey]) -> list[dict[str, str]]:
    return [{"itemNo": i, "variantCode": v, "no": n} for i, v, n in sorted(found)]


def _outbound_places(kind: DocumentKind, lines: list[PostingLine]) -> list[dict[str, Any]]:
    """Where the document takes stock from, and which serials and lots it names there (all of
    the place's open entries when a line there names neither)."""
    places: dict[tuple[str, str, str], dict[str, Any]] = {}
    for line in lines:
        if all(sign > 0 for _, sign in entry_type_and_sign(kind, line)):
            continue
        key = (line.item_no, line.variant_code, line.location_code)
        place = places.setdefault(key, {"itemNo": key[0], "variantCode": key[1],
                                         "locationCode": key[2], "all": False,
                                         "serialNos": set(), "lotNos": set()})  # fmt: skip
        for tracked in line.tracking or [TrackingLine(quantity=line.quantity)]:
            if tracked.serial_no:
                place["serialNos"].add(tracked.serial_no)
            elif tracked.lot_no:
                place["lotNos"].add(tracked.lot_no)
            else:
                place["all"] = True
    return [
        {**p, "serialNos": sorted(p["serialNos"]), "lotNos": sorted(p["lotNos"])}
        for _, p in sorted(places.items())
    ]


async def _read(
    tx: AsyncManagedTransaction, document: Document, lines: list[PostingLine]
) -> dict[str, Any]:
    """Lock the items, then read everything the rules need: one statement."""
    serials, lots, packages = _numbers_named(lines)
    params = {
        "itemNos": _item_nos(document),
        **_reference_params(document),
        "serials": _keys(serials),
        "lots": _keys(lots),
        "packages": sorted(packages),
        "places": _outbound_places(document.kind, lines),
    }
    # As the record came (plain maps and lists): `rows` would copy every value again.
    return await record(tx, LOCKED_CONTEXT, params)


async def _applied_entries(
    tx: AsyncManagedTransaction, lines: list[PostingLine]
) -> dict[int, AppliedEntry]:
    """The entries the lines apply to or from (none read when no line names one)."""
    entry_nos = named_entry_nos(lines)
    if not entry_nos:
        return {}
    found = await rows(tx, cypher("postings/get_applied_entries"), {"entryNos": entry_nos})
    entries = {}
    for r in map(from_props, found):
        entries[r["entry_no"]] = AppliedEntry(
            key=r["entry_no"], entry_type=r["entry_type"], item_no=r["item_no"],
            variant_code=r["variant_code"], location_code=r["location_code"],
            bin_code=r["bin_code"],
            numbers=Numbers(r["serial_no"], r["lot_no"], r["package_no"]),
            quantity=r["quantity"], open=r["open"], returned=round(sum(r["returned"]), 5),
            expiration_date=r["expiration_date"], warranty_date=r["warranty_date"],
        )  # fmt: skip
    return entries


def _context(row: dict[str, Any], setup: Setup, applied: dict[int, AppliedEntry]) -> PostingContext:
    cards: dict[CardRef, CardState] = {}
    on_inventory: set[ItemKey] = set()
    expirations: dict[ItemKey, Any] = {}
    for s in row["serials"]:
        cards[card_ref("serial", s["itemNo"], s["variantCode"], s["no"])] = CardState(
            s["exists"], s["blocked"]
        )
        if s["onInventory"]:
            on_inventory.add((s["itemNo"], s["variantCode"], s["no"]))
    for lot in row["lots"]:
        cards[card_ref("lot", lot["itemNo"], lot["variantCode"], lot["no"])] = CardState(
            lot["exists"], lot["blocked"]
        )
        if lot["expirationDate"] is not None:
            key = (lot["itemNo"], lot["variantCode"], lot["no"])
            expirations[key] = lot["expirationDate"].to_native()
    for p in row["packages"]:
        cards[card_ref("package", "", "", p["no"])] = CardState(p["exists"], p["blocked"])
    open_entries = []
    for entry in row["openEntries"]:
        for kind, number, exists, blocked in entry["cards"]:
            ref = card_ref(kind, entry["itemNo"], entry["variantCode"], number)
            cards.setdefault(ref, CardState(exists, blocked))
        open_entries.append(_open_entry(from_props(entry)))
    items = {no: (item, code) for no, (item, code, _, _) in setup.items()}
    return PostingContext(items, cards, expirations, on_inventory, open_entries, applied)


def _open_entry(e: dict[str, Any]) -> OpenEntry:
    return OpenEntry(
        key=e["entry_no"],
        item_no=e["item_no"],
        variant_code=e["variant_code"],
        location_code=e["location_code"],
        bin_code=e["bin_code"],
        numbers=Numbers(e["serial_no"], e["lot_no"], e["package_no"]),
        posting_date=e["posting_date"],
        expiration_date=e["expiration_date"],
        remaining=e["remaining_quantity"],
        warranty_date=e["warranty_date"],
    )


def _source(document: Document) -> tuple[str, str]:
    if document.customer_no:
        return "Customer", document.customer_no
    if document.vendor_no:
        return "Vendor", document.vendor_no
    return "", ""


def entry_row(document: Document, entry: PlannedEntry, entry_no: int) -> dict[str, Any]:
    """The properties of one ItemLedgerEntry (also written by the benchmark's bulk ingest)."""
    m = entry.movement
    source_type, source_no = _source(document)
    return {
        "entryNo": entry_no,
        "entryType": m.entry_type,
        "documentKind": document.kind,
        "documentNo": document.document_no,
        "documentLineNo": m.line_no,
        "orderLineNo": m.order_line_no,
        "postingDate": document.posting_date,
        "itemNo": m.item_no,
        "variantCode": m.variant_code,
        "locationCode": m.location_code,
        "binCode": m.bin_code,
        "quantity": m.sign * m.quantity,
        "remainingQuantity": entry.remaining,
        "open": entry.remaining > 0,
        "positive": m.sign > 0,
        "serialNo": m.numbers.serial_no,
        "lotNo": m.numbers.lot_no,
        "packageNo": m.numbers.package_no,
        "expirationDate": m.expiration_date,
        "warrantyDate": m.warranty_date,
        "sourceType": source_type,
        "sourceNo": source_no,
    }


def document_props(document: Document) -> dict[str, Any]:
    """The properties of the Document node (also written by the benchmark's bulk ingest)."""
    return {
        "kind": document.kind,
        "documentNo": document.document_no,
        "postingDate": document.posting_date,
        "documentDate": document.effective_document_date,
        "customerNo": document.customer_no,
        "vendorNo": document.vendor_no,
        "orderNo": document.order_no,
        "externalDocumentNo": document.external_document_no,
    }


async def draw_entry_numbers(graph: Graph, count: int, sequence_at: int | None) -> int:
    """Reserve `count` entry numbers and return the number before the first, once the rules
    have passed (a refused posting uses none). They come from the numbers this process drew
    from the `LedgerSequence` a block at a time (`EntryNumbers`), in a short transaction of
    their own, as Business Central's concurrent posting draws them from a number sequence: the
    sequence's lock is held for that transaction, not for the whole posting, so postings of
    different items run side by side. `sequence_at` is where the sequence stood when this
    posting read it holding its items' locks: the block serves only if no other process drew
    since, so an item's entries number in the order they were posted, by any process. A
    posting that fails after drawing (a lost connection, a retry) leaves a gap."""
    return await graph.entry_numbers.take(graph, count, sequence_at)


def _writes(
    document: Document, plan: PostingPlan, before: int, at: datetime
) -> tuple[list[str], dict[str, Any], PostingResult]:
    """The files that write the document, its entries and what they change (run in order as
    one statement, `in_sequence`), their parameters, and the result the client gets; entries
    are numbered from `before` + 1."""

    def number(key: int) -> int:
        return before - key if key < 0 else key

    entry_rows = [entry_row(document, e, number(e.key)) for e in plan.entries]
    parts = ["postings/create_document"]
    params: dict[str, Any] = {
        "props": document_props(document),
        "postedAt": at,
        "customerNo": document.customer_no,
        "vendorNo": document.vendor_no,
        "kind": document.kind,
        "documentNo": document.document_no,
        "entries": entry_rows,
        **actor(),
    }
    if plan.new_cards:
        parts.append("postings/create_posted_cards")
        params["cards"] = [
            {"kind": k, "itemNo": i, "variantCode": v, "no": n} for k, i, v, n in plan.new_cards
        ]
        params["user"] = "posting"
        params["reason"] = (
            f"Created on posting {document.kind.replace('_', ' ')} {document.document_no}"
        )
    parts.append("postings/create_entries")
    applications = [
        {"outbound": number(e.key), "inbound": number(inbound), "quantity": quantity}
        for e in plan.entries
        for inbound, quantity in e.applied
    ]
    if applications:
        parts.append("postings/create_applications")
        params["applications"] = applications
    returns = [
        {"returned": number(e.key), "outbound": e.applied_from, "quantity": e.movement.quantity}
        for e in plan.entries
        if e.applied_from is not None
    ]
    if returns:
        parts.append("postings/create_return_links")
        params["returns"] = returns
    if plan.remaining:
        parts.append("postings/update_remaining_quantities")
        params["updates"] = [{"entryNo": k, "remaining": v} for k, v in plan.remaining.items()]
    links = [
        {"arrived": number(e.key), "left": number(e.transferred_from)}
        for e in plan.entries
        if e.transferred_from is not None
    ]
    if links:
        parts.append("postings/create_transfer_links")
        params["links"] = links
    if document.order_no and document.kind in {"production", "assembly"}:
        parts.append(
            "postings/link_production_order"
            if document.kind == "production"
            else "postings/link_assembly_order"
        )
        params["orderNo"] = document.order_no
        params["orderLinks"] = [
            {"entryNo": number(e.key), "output": e.movement.sign > 0,
             "lineNo": e.movement.order_line_no}
            for e in plan.entries
        ]  # fmt: skip
    if plan.lot_expirations:
        parts.append("postings/set_lot_expirations")
        params["lots"] = [
            {"itemNo": i, "variantCode": v, "no": n, "expirationDate": d}
            for (i, v, n), d in plan.lot_expirations.items()
        ]
    return parts, params, _result(document, entry_rows, applications, returns)


def _result(
    document: Document,
    entry_rows: list[dict[str, Any]],
    applications: list[dict[str, Any]],
    returns: list[dict[str, Any]],
) -> PostingResult:
    applied: dict[int, list[dict[str, Any]]] = {}
    for a in applications:
        applied.setdefault(a["outbound"], []).append(
            {"entry_no": a["inbound"], "quantity": a["quantity"]}
        )
    applied_from = {
        r["returned"]: {"entry_no": r["outbound"], "quantity": r["quantity"]} for r in returns
    }
    entries = []
    for r in entry_rows:
        values = from_props({k: v for k, v in r.items() if k != "positive"})
        entries.append({**values, "applied_to": applied.get(r["entryNo"], []),
                        "applied_from": applied_from.get(r["entryNo"])})  # fmt: skip
    return PostingResult.model_validate({
        "kind": document.kind, "document_no": document.document_no,
        "posting_date": document.posting_date, "entries": entries,
    })  # fmt: skip


async def _expand_packages(tx: AsyncManagedTransaction, document: Document) -> Document:
    """The document with each whole package replaced by lines for what it holds there."""
    if not document.packages:
        return document
    lines = list(document.lines)
    for index, move in enumerate(document.packages):
        params = {"packageNo": move.package_no, "locationCode": move.location_code}
        found = await rows(tx, cypher("postings/get_package_units"), params)
        if not found:
            raise InvalidInput(
                f"Package {move.package_no} holds nothing on hand at location "
                f"{move.location_code}.",
                field=f"packages.{index}.package_no",
            )
        if found[0]["blockedPackageNo"] is not None:
            ref = card_ref("package", "", "", found[0]["blockedPackageNo"])
            raise rules.blocked(CAPTIONS["package"], describe_card(ref))
        units = [
            PackedUnit(r["itemNo"], r["variantCode"], r["serialNo"], r["lotNo"], r["quantity"])
            for r in found
        ]
        lines.extend(package_lines(move, units))
    return document.model_copy(update={"lines": lines, "packages": []})


def _numbers_of(entry: LedgerEntry) -> list[Number]:
    found: list[Number] = []
    if entry.serial_no:
        found.append(("serial", entry.item_no, entry.variant_code, entry.serial_no))
    if entry.lot_no:
        found.append(("lot", entry.item_no, entry.variant_code, entry.lot_no))
    return found


async def _follow_containment(
    tx: AsyncManagedTransaction,
    document: Document,
    own_lines: int,
    moved: Sequence[PackageMove],
    result: PostingResult,
    at: datetime,
) -> None:
    """What the posting moved leaves its packages, or moves with them (`containment.
    follow_posting`): lines past `own_lines` stand for the document's whole packages."""
    last_own = own_lines * 10_000
    entries = [
        PostedEntry(
            number,
            e.location_code,
            e.quantity,
            # A serial number's entry puts the serial number in the package, not its lot.
            e.package_no if number[0] == "serial" or not e.serial_no else "",
            returned=e.applied_from is not None or number[0] == "serial",
        )
        for e in result.entries
        if e.document_line_no <= last_own
        for number in _numbers_of(e)
    ]
    moves = [
        (m.package_no, m.new_location_code if document.kind == "transfer" else None) for m in moved
    ]
    await containment.follow_posting(
        tx, entries=entries, moves=moves, user=f"posting {document.document_no}", at=at
    )


async def post_in_transaction(
    tx: AsyncManagedTransaction,
    *,
    graph: Graph,
    document: Document,
    at: datetime,
    as_event: bool = True,
) -> PostingResult:
    """Post inside a transaction someone else owns (a posting, or an EPCIS capture); raises a
    DomainError when a rule refuses. Entry numbers are drawn from `graph` once the rules have
    passed (`draw_entry_numbers`). `as_event` also records the posting as an EPCIS event (a
    captured event that posted the document is its own event)."""
    own_lines, moved = len(document.lines), document.packages
    document = await _expand_packages(tx, document)
    drawing = any(line.assigns_numbers for line in document.lines)
    # Lines that draw numbers need the items' number series first: that read skips the lines'
    # numbers and open entries, which are read once the numbers are drawn.
    row = await _read(tx, document, [] if drawing else document.lines)
    setup = _setup(document, row["items"])
    lines = await _assign_numbers(tx, document, setup)
    # Lines naming the entry they apply to or from take its numbers: the entries are read (under
    # the items' locks), then the context again if that filled in numbers the lines left out.
    applied = await _applied_entries(tx, lines)
    filled = with_applied_numbers(lines, applied) if applied else lines
    if drawing or filled != lines:
        row = await _read(tx, document, filled)
    lines = filled
    keys = _check_references(document, setup, row)
    plan = plan_posting(document, lines, _context(row, setup, applied))
    await _lock_taken_numbers(tx, plan)
    before = await draw_entry_numbers(graph, len(plan.entries), row["sequenceAt"])
    parts, params, result = _writes(document, plan, before, at)
    if as_event:
        parts.append("epcis/create_events")
        params |= events.posting_event_params(document=document, result=result, keys=keys, at=at)
    try:
        await rows(tx, in_sequence(tuple(parts)), params)
    except ConstraintError as exc:
        if "`ItemLedgerEntry`" in (exc.message or ""):
            # Numbers from this process's block were taken meanwhile (the database was emptied
            # or restored while it ran): a retry, or the next posting, draws afresh.
            graph.entry_numbers.forget()
        raise
    await _follow_containment(tx, document, own_lines, moved, result, at)
    for instruction in document.pack:
        await containment.pack(
            tx,
            package_no=instruction.package_no,
            contents=instruction.contents,
            user=f"posting {document.document_no}",
            at=at,
        )
        if as_event:
            await events.record_packing(
                tx,
                package_no=instruction.package_no,
                contents=instruction.contents,
                unpack=False,
                at=at,
            )
    return result


async def _lock_taken_numbers(tx: AsyncManagedTransaction, plan: PostingPlan) -> None:
    """Lock the cards of the stock the plan takes, until commit, and refuse the posting if one
    was blocked since the context was read: a block acknowledged before this lock holds."""
    cards = [
        {"kind": k, "itemNo": i, "variantCode": v, "no": n} for k, i, v, n in taken_cards(plan)
    ]
    if not cards:
        return
    found = await rows(tx, cypher("postings/lock_taken_numbers"), {"cards": cards})
    if found:
        first = found[0]
        ref = card_ref(first["kind"], first["itemNo"], first["variantCode"], first["no"])
        raise rules.blocked(CAPTIONS[first["kind"]], describe_card(ref))


async def _post(
    tx: AsyncManagedTransaction,
    graph: Graph,
    document: Document,
    key: str | None,
    digest: str,
    at: datetime,
    ttl_seconds: float,
) -> tuple[PostingResult, bool]:
    if key is not None:
        replayed = await _replay(tx, key, digest, ttl_seconds, locking=document)
        if replayed is not None:
            return replayed, True  # (maybe posted while this one waited for the items' locks)
    result = await post_in_transaction(tx, graph=graph, document=document, at=at)
    if key is not None:
        await rows(tx, cypher("postings/create_idempotency_record"), {
            "key": key, "requestHash": digest, "response": result.model_dump_json(),
        })  # fmt: skip
    return result, False


async def _replay_only(
    tx: Reader, key: str, digest: str, ttl_seconds: float
) -> PostingResult | None:
    return await _replay(tx, key, digest, ttl_seconds)


def scoped_idempotency_key(idempotency_key: str, api_key_id: str | None) -> str:
    """An Idempotency-Key belongs to the API key that sent it: another key's same value is
    another request."""
    return f"{api_key_id or 'no-api-key'}{KEY_SCOPE_SEPARATOR}{idempotency_key}"


async def post_document(
    graph: Graph,
    *,
    document: Document,
    idempotency_key: str | None,
    idempotency_ttl_seconds: float = 86_400.0,
) -> tuple[PostingResult, bool]:
    """Post in one transaction; returns the result and whether it was an idempotent replay
    (of a request with the same key made within `idempotency_ttl_seconds`). Counts the outcome
    (posted, refused, replayed) in `tracegraph_postings_total`."""
    try:
        result, replayed = await _post_once(
            graph, document, idempotency_key, idempotency_ttl_seconds
        )
    except DomainError:
        POSTINGS.labels(outcome="refused").inc()
        raise
    POSTINGS.labels(outcome="replayed" if replayed else "posted").inc()
    return result, replayed


async def _post_once(
    graph: Graph, document: Document, idempotency_key: str | None, ttl_seconds: float
) -> tuple[PostingResult, bool]:
    digest = request_hash(document)
    at = datetime.now(UTC)  # outside the transaction, so a retry keeps the same time
    items = {line.item_no for line in document.lines}
    try:
        async with graph.queues.holding(f"item/{no}" for no in items):
            return await graph.write(
                _post, graph, document, idempotency_key, digest, at, ttl_seconds
            )
    except (ConstraintError, DomainError) as exc:
        # A request with the same key may have committed while this one ran: answer as it did.
        if idempotency_key is not None:
            replayed = await graph.read(_replay_only, idempotency_key, digest, ttl_seconds)
            if replayed is not None:
                return replayed, True
        if isinstance(exc, ConstraintError):
            if "`Document`" in (exc.message or ""):
                raise rules.document_already_posted(document.kind, document.document_no) from exc
            raise Conflict(
                "Another posting changed the same records at the same moment; post again.",
                code="concurrent-posting",
            ) from exc
        raise
