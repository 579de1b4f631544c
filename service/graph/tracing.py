"""Tracing: a breadth-first walk over the ledger graph, one Cypher expansion per level."""

import datetime as dt
from typing import Any

from neo4j import AsyncManagedTransaction
from pydantic import BaseModel

from service.domain.tracing import ShowComponents, Trace, TraceMethod, TraceRow, trace_graph
from service.graph.cypher import cypher
from service.graph.props import from_props
from service.graph.store import Graph, rows


class TraceFilter(BaseModel):
    serial_no: str | None = None
    lot_no: str | None = None
    package_no: str | None = None
    item_no: str | None = None
    variant_code: str | None = None
    from_date: dt.date | None = None
    to_date: dt.date | None = None


def _row(entry: dict[str, Any], level: int, parent: int | None, via: str) -> TraceRow:
    values = from_props(entry)
    return TraceRow.model_validate(
        {**{k: v for k, v in values.items() if k in TraceRow.model_fields},
         "level": level, "parent_entry_no": parent, "via": via}
    )  # fmt: skip


async def walk_in_transaction(
    tx: AsyncManagedTransaction,
    where: TraceFilter,
    method: TraceMethod,
    components: ShowComponents,
) -> list[TraceRow]:
    """The trace's rows, level by level, each entry once (a recall needs no more)."""
    forward = method == "origin-to-usage"
    params = {
        "serialNo": where.serial_no, "lotNo": where.lot_no, "packageNo": where.package_no,
        "itemNo": where.item_no, "variantCode": where.variant_code,
        "fromDate": where.from_date, "toDate": where.to_date, "forward": forward,
    }  # fmt: skip
    start = await rows(tx, cypher("tracing/find_trace_start"), params)
    found = [_row(r["entry"], 1, None, "start") for r in start]
    seen = {row.entry_no for row in found}
    frontier = list(seen)
    level = 1
    step = "tracing/trace_forward" if forward else "tracing/trace_backward"
    while frontier:
        level += 1
        expanded = await rows(tx, cypher(step), {"entryNos": frontier, "components": components})
        frontier = []
        for r in expanded:
            entry_no = r["entry"]["entryNo"]
            if entry_no in seen:
                continue
            seen.add(entry_no)
            frontier.append(entry_no)
            found.append(_row(r["entry"], level, r["parentNo"], r["via"]))
    return found


async def trace_in_transaction(
    tx: AsyncManagedTransaction,
    where: TraceFilter,
    method: TraceMethod,
    components: ShowComponents,
) -> Trace:
    found = await walk_in_transaction(tx, where, method, components)
    traced = [row.entry_no for row in found]
    packages = await rows(tx, cypher("tracing/list_trace_packages"), {"entryNos": traced})
    return Trace(
        method=method,
        show_components=components,
        rows=found,
        packages=[p["packageNo"] for p in packages],
        graph=trace_graph(found, method),
    )


async def trace(
    graph: Graph, *, where: TraceFilter, method: TraceMethod, components: ShowComponents
) -> Trace:
    return await graph.read(trace_in_transaction, where, method, components)
