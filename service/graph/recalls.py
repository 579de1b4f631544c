"""Recall impact in one transaction: forward traces of every recalled number, the stock they
reached, and (when asked) blocking every affected number on hand with an audit record."""

import datetime as dt
from typing import Any

from neo4j import AsyncManagedTransaction

from service.domain.recalls import (
    AffectedNumber,
    Recall,
    RecallRequest,
    StockStatus,
    StockToQuarantine,
    affected_numbers,
    customer_impact,
    totals,
)
from service.domain.tracing import TraceRow
from service.graph.cypher import cypher
from service.graph.props import from_props
from service.graph.store import Graph, rows
from service.graph.tracing import TraceFilter, walk_in_transaction


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


async def _recall(tx: AsyncManagedTransaction, request: RecallRequest, as_of: dt.date) -> Recall:
    traced: dict[int, TraceRow] = {}
    for number in request.numbers:
        where = TraceFilter.model_validate(number.model_dump())
        for row in await walk_in_transaction(tx, where, "origin-to-usage", "all"):
            traced.setdefault(row.entry_no, row)
    reached = list(traced.values())
    stock = await _stock(tx, reached, as_of)
    blocked_now = await _block(tx, request, stock) if request.block else []
    if blocked_now:
        stock = await _stock(tx, reached, as_of)
    affected = affected_numbers(reached)
    customers = customer_impact(reached)
    return Recall(
        recall_no=request.recall_no,
        affected=affected,
        customers=customers,
        on_hand=stock,
        blocked_now=blocked_now,
        totals=totals(affected, customers, stock),
    )


async def recall(graph: Graph, *, request: RecallRequest, as_of: dt.date) -> Recall:
    if request.block:
        return await graph.write(_recall, request, as_of)
    return await graph.read(_recall, request, as_of)
