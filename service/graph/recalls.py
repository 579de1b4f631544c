"""Recall impact in one transaction: forward traces of every recalled number, the stock they
reached, and (when asked) blocking every affected number on hand with an audit record."""

import datetime as dt
from typing import Any

from neo4j import AsyncManagedTransaction

from service.domain.fsma import FsmaSheets
from service.domain.recalls import (
    AffectedNumber,
    Recall,
    RecallRequest,
    StockStatus,
    StockToQuarantine,
    affected_numbers,
    customer_impact,
    numbers_to_follow,
    totals,
)
from service.domain.tracing import TraceRow
from service.graph.cypher import cypher
from service.graph.fsma import sheets_in_transaction
from service.graph.props import from_props
from service.graph.store import Graph, rows
from service.graph.tracing import TraceFilter, start_entries, walk_in_transaction


def _status(row: dict[str, Any]) -> StockStatus:
    return "blocked" if row["blocked"] else "expired" if row["expired"] else "open"


async def _stock(
    tx: AsyncManagedTransaction, traced: list[TraceRow], as_of: dt.date
) -> list[StockToQuarantine]:
    params = {"entryNos": sorted({r.entry_no for r in traced}), "asOf": as_of}
    found = await rows(tx, cypher("recalls/get_affected_stock"), params)
    return [
        StockToQuarantine(
            **{
                k: v
                for k, v in from_props(r["entry"]).items()
                if k in StockToQuarantine.model_fields
            },
            packages=r["packages"],
            quantity=r["entry"]["remainingQuantity"],
            status=_status(r),
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
    blocked = await rows(tx, cypher("recalls/block_recalled_numbers"), params)
    return [
        AffectedNumber(
            item_no=b["itemNo"],
            variant_code="",
            serial_no=b["no"] if b["kind"] == "serial" else "",
            lot_no=b["no"] if b["kind"] == "lot" else "",
        )
        for b in blocked
    ]


async def _reach(tx: AsyncManagedTransaction, request: RecallRequest) -> list[TraceRow]:
    """Every entry downstream of the recalled numbers (forward, all components). A number
    reached is affected as a whole: its stock that came back (a sales return is a new entry,
    not applied to the shipment) and wherever that went next are followed too, until no
    affected number has an entry left untraced."""
    start: list[dict[str, Any]] = []
    for number in request.numbers:
        where = TraceFilter.model_validate(number.model_dump())
        start += await start_entries(tx, where, "origin-to-usage")
    reached: list[TraceRow] = []
    seen: set[int] = set()
    followed: set[AffectedNumber] = set()
    while start:
        reached += await walk_in_transaction(tx, start, "origin-to-usage", "all", seen)
        fresh = numbers_to_follow(reached, followed)
        followed.update(fresh)
        numbers = [{"itemNo": n.item_no, "variantCode": n.variant_code,
                    "serialNo": n.serial_no, "lotNo": n.lot_no} for n in fresh]  # fmt: skip
        params = {"numbers": numbers, "traced": sorted(seen)}
        start = [r["entry"] for r in await rows(tx, cypher("recalls/get_untraced_starts"), params)]
    return reached


async def _recall(
    tx: AsyncManagedTransaction, request: RecallRequest, as_of: dt.date
) -> tuple[Recall, list[TraceRow]]:
    reached = await _reach(tx, request)
    stock = await _stock(tx, reached, as_of)
    blocked_now = await _block(tx, request, stock) if request.block else []
    if blocked_now:
        stock = await _stock(tx, reached, as_of)
    affected = affected_numbers(reached)
    customers = customer_impact(reached)
    found = Recall(
        recall_no=request.recall_no,
        affected=affected,
        customers=customers,
        on_hand=stock,
        blocked_now=blocked_now,
        totals=totals(affected, customers, stock),
    )
    return found, reached


async def _recall_only(
    tx: AsyncManagedTransaction, request: RecallRequest, as_of: dt.date
) -> Recall:
    found, _ = await _recall(tx, request, as_of)
    return found


async def _recall_sheets(
    tx: AsyncManagedTransaction, request: RecallRequest, as_of: dt.date
) -> FsmaSheets:
    _, reached = await _recall(tx, request, as_of)
    return await sheets_in_transaction(tx, reached)


async def recall(graph: Graph, *, request: RecallRequest, as_of: dt.date) -> Recall:
    if request.block:
        return await graph.write(_recall_only, request, as_of)
    return await graph.read(_recall_only, request, as_of)


async def recall_fsma(graph: Graph, *, request: RecallRequest, as_of: dt.date) -> FsmaSheets:
    """The recall (blocking too, when asked) with its events as FSMA 204 spreadsheet rows."""
    if request.block:
        return await graph.write(_recall_sheets, request, as_of)
    return await graph.read(_recall_sheets, request, as_of)


async def _documents(tx: AsyncManagedTransaction, request: RecallRequest) -> list[str]:
    return sorted({row.document_no for row in await _reach(tx, request)})


async def downstream_documents(graph: Graph, *, request: RecallRequest) -> list[str]:
    """The documents of every entry downstream of the recalled numbers."""
    return await graph.read(_documents, request)
