"""Recall impact in one transaction: forward traces of every recalled number, the stock they
reached, and (when asked) blocking every affected number on hand with an audit record."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncManagedTransaction

from service.domain.fsma import FsmaSheets
from service.domain.numbers import none_found
from service.domain.recalls import (
    AffectedNumber,
    Contact,
    NumberKey,
    Recall,
    RecallRequest,
    Return,
    Shipment,
    StockStatus,
    StockToQuarantine,
    address_line,
    affected_numbers,
    customer_impact,
    returned,
    totals,
)
from service.domain.tracing import TraceRow
from service.errors import NotFound
from service.graph.cypher import cypher
from service.graph.fsma import sheets_in_transaction
from service.graph.props import from_props
from service.graph.store import Graph, Reader, actor, record, rows, value
from service.graph.tracing import TraceFilter, rows_from, start_entries

STOCK_FIELDS = set(StockToQuarantine.model_fields)


def _status(row: dict[str, Any]) -> StockStatus:
    return "blocked" if row["blocked"] else "expired" if row["expired"] else "open"


async def _stock(tx: Reader, open_entry_nos: list[int], as_of: dt.date) -> list[StockToQuarantine]:
    params = {"entryNos": sorted(open_entry_nos), "asOf": as_of}
    found = await value(tx, cypher("recalls/get_affected_stock"), params)
    return [
        StockToQuarantine(
            **{k: v for k, v in from_props(r["entry"]).items() if k in STOCK_FIELDS},
            packages=r["packages"],
            quantity=r["entry"]["remainingQuantity"],
            status=_status(r),
            returned_by=r["returnedBy"],
        )
        for r in found
    ]


async def _block(
    tx: AsyncManagedTransaction, request: RecallRequest, stock: list[StockToQuarantine]
) -> list[AffectedNumber]:
    numbers = sorted(
        {("serial", s.item_no, s.variant_code, s.serial_no) for s in stock if s.serial_no}
        | {("lot", s.item_no, s.variant_code, s.lot_no) for s in stock if s.lot_no}
    )
    params = {
        "numbers": [{"kind": k, "itemNo": i, "variantCode": v, "no": n} for k, i, v, n in numbers],
        "user": request.user,
        "reason": f"Recall {request.recall_no}: {request.reason}",
    }
    blocked = await rows(tx, cypher("recalls/block_recalled_numbers"), {**params, **actor()})
    return [
        {
            "item_no": b["itemNo"],
            "variant_code": b["variantCode"],
            "serial_no": b["no"] if b["kind"] == "serial" else "",
            "lot_no": b["no"] if b["kind"] == "lot" else "",
        }
        for b in blocked
    ]


def _shipments(found: list[list[Any]]) -> dict[int, Shipment]:
    """Shipments by entry number, as `get_reach` lists them, from entries the posting rules
    validated."""
    return {
        entry_no: {
            "customer_no": customer_no, "document_no": document_no,
            "posting_date": dt.date.fromisoformat(posting_date), "item_no": item_no,
            "variant_code": variant_code, "serial_no": serial_no, "lot_no": lot_no,
            "quantity": float(quantity), "returned_quantity": 0.0,
        }
        for (entry_no, customer_no, document_no, posting_date, item_no, variant_code, serial_no,
             lot_no, quantity) in found
    }  # fmt: skip


def _returns(found: list[list[Any]]) -> dict[int, Return]:
    """Sales return receipts by entry number, as `get_reach` lists them."""
    return {
        entry_no: {
            "customer_no": customer_no, "document_no": document_no,
            "posting_date": dt.date.fromisoformat(posting_date), "item_no": item_no,
            "variant_code": variant_code, "serial_no": serial_no, "lot_no": lot_no,
            "quantity": float(quantity), "applies_from_entry_no": applies_from,
        }
        for (entry_no, customer_no, document_no, posting_date, item_no, variant_code, serial_no,
             lot_no, quantity, applies_from) in found
    }  # fmt: skip


@dataclass
class _Reach:
    """What a recall reached: the entries its walks started from, the numbers on the entries
    reached, the sales shipments among them (by entry number), and those still open."""

    starts: list[int] = field(default_factory=list)
    numbers: set[NumberKey] = field(default_factory=set)
    shipments: list[Shipment] = field(default_factory=list)
    open_entry_nos: list[int] = field(default_factory=list)


async def _reach(tx: Reader, request: RecallRequest) -> _Reach:
    """Every entry downstream of the recalled numbers (forward, all components). A number
    reached is affected as a whole: its stock that came back (a sales return is a new entry,
    not applied to the shipment) and wherever that went next are followed too, until no
    affected number has an entry left unreached (each followed once, in the pass that met it)."""
    start: list[int] = []
    missing: list[NotFound] = []
    for number in request.numbers:
        where = TraceFilter.model_validate(number.model_dump())
        try:
            start += await start_entries(tx, where, "origin-to-usage")
        except NotFound as unknown:
            missing.append(unknown)
    if missing:
        raise none_found(missing)
    reach = _Reach()
    seen: set[int] = set()
    followed: list[str] = []
    shipped: dict[int, Shipment] = {}
    came_back: dict[int, Return] = {}
    while start:
        reach.starts += start
        params = {"entryNos": start, "followed": followed}
        found = await record(tx, cypher("recalls/get_reach"), params)
        followed += found["followed"]
        fresh = set(found["entryNos"]) - seen
        seen |= fresh
        reach.numbers.update(map(tuple, found["numbers"]))
        shipped |= _shipments(found["shipments"])
        came_back |= _returns(found["returns"])
        reach.open_entry_nos += [no for no in found["openEntryNos"] if no in fresh]
        start = sorted(set(found["numberEntryNos"]) - seen)
    returned(shipped, came_back)
    reach.shipments = [shipped[no] for no in sorted(shipped)]
    return reach


async def _contacts(tx: Reader, shipments: list[Shipment]) -> dict[str, Contact]:
    """How to reach each customer shipped to, as set up on the customer."""
    numbers = sorted({s["customer_no"] for s in shipments})
    if not numbers:
        return {}
    found = await value(tx, cypher("recalls/get_customers"), {"customerNos": numbers})
    return {
        c["no"]: {
            "name": c["name"], "contact": c["contact"], "phone_no": c["phoneNo"],
            "email": c["email"],
            "address": address_line(c["address"], c["address2"], c["postCode"], c["city"],
                                    c["countryRegionCode"]),
        }
        for c in found
    }  # fmt: skip


async def _recall(tx: Reader, request: RecallRequest, as_of: dt.date) -> tuple[Recall, _Reach]:
    reach = await _reach(tx, request)
    stock = await _stock(tx, sorted(set(reach.open_entry_nos)), as_of)
    blocked_now = []
    if request.block:
        # `recall` and `recall_fsma` block in a write transaction, and only there.
        assert isinstance(tx, AsyncManagedTransaction)
        blocked_now = await _block(tx, request, stock)
    if blocked_now:
        stock = await _stock(tx, sorted(set(reach.open_entry_nos)), as_of)
    affected = affected_numbers(reach.numbers)
    customers = customer_impact(reach.shipments, await _contacts(tx, reach.shipments))
    # Built from values already valid (validating thousands of numbers again would not add).
    found = Recall.model_construct(
        recall_no=request.recall_no,
        affected=affected,
        customers=customers,
        on_hand=stock,
        blocked_now=blocked_now,
        totals=totals(affected, customers, stock),
    )
    return found, reach


async def _rows(tx: Reader, reach: _Reach) -> list[TraceRow]:
    """What the recall reached as trace rows, walked again from all its starts at once: without
    the other components of the orders it passed through (`no`: Business Central's forward
    trace lists those too, but what else went into an order is not affected by the recall)."""
    return await rows_from(tx, reach.starts, "origin-to-usage", "no")


async def _recall_only(tx: Reader, request: RecallRequest, as_of: dt.date) -> Recall:
    found, _ = await _recall(tx, request, as_of)
    return found


async def _recall_sheets(tx: Reader, request: RecallRequest, as_of: dt.date) -> FsmaSheets:
    _, reach = await _recall(tx, request, as_of)
    return await sheets_in_transaction(tx, await _rows(tx, reach))


async def recall(graph: Graph, *, request: RecallRequest, as_of: dt.date) -> Recall:
    if request.block:
        return await graph.write(_recall_only, request, as_of)
    return await graph.read(_recall_only, request, as_of)


async def recall_fsma(graph: Graph, *, request: RecallRequest, as_of: dt.date) -> FsmaSheets:
    """The recall (blocking too, when asked) with its events as FSMA 204 spreadsheet rows."""
    if request.block:
        return await graph.write(_recall_sheets, request, as_of)
    return await graph.read(_recall_sheets, request, as_of)


async def _documents(tx: Reader, request: RecallRequest) -> list[str]:
    reach = await _reach(tx, request)
    return sorted({row["document_no"] for row in await _rows(tx, reach)})


async def downstream_documents(graph: Graph, *, request: RecallRequest) -> list[str]:
    """The documents of every entry downstream of the recalled numbers."""
    return await graph.read(_documents, request)
