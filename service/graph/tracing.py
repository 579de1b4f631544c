"""Tracing: a breadth-first walk over the ledger graph, one Cypher expansion per level."""

import datetime as dt
from typing import Any

from neo4j import AsyncManagedTransaction
from pydantic import BaseModel

from service.domain.fsma import FsmaSheets
from service.domain.tracing import ShowComponents, Trace, TraceMethod, TraceRow, trace_graph
from service.graph.cypher import cypher
from service.graph.fsma import sheets_in_transaction
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


async def start_entries(
    tx: AsyncManagedTransaction, where: TraceFilter, method: TraceMethod
) -> list[dict[str, Any]]:
    """The entries (as properties) a trace of `where` starts from."""
    params = {
        "serialNo": where.serial_no, "lotNo": where.lot_no, "packageNo": where.package_no,
        "itemNo": where.item_no, "variantCode": where.variant_code,
        "fromDate": where.from_date, "toDate": where.to_date,
        "forward": method == "origin-to-usage",
    }  # fmt: skip
    return [r["entry"] for r in await rows(tx, cypher("tracing/find_trace_start"), params)]


async def walk_in_transaction(
    tx: AsyncManagedTransaction,
    start: list[dict[str, Any]],
    method: TraceMethod,
    components: ShowComponents,
    seen: set[int],
) -> list[TraceRow]:
    """Breadth-first from the start entries, one Cypher expansion per level, skipping (and
    adding to) `seen`: each entry once, safe on cycles, no depth limit."""
    found = [_row(e, 1, None, "start") for e in start if e["entryNo"] not in seen]
    frontier = [row.entry_no for row in found]
    seen.update(frontier)
    level = 1
    step = "tracing/trace_forward" if method == "origin-to-usage" else "tracing/trace_backward"
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
    start = await start_entries(tx, where, method)
    found = await walk_in_transaction(tx, start, method, components, set())
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


async def _trace_sheets(
    tx: AsyncManagedTransaction, where: TraceFilter, method: TraceMethod,
    components: ShowComponents,
) -> FsmaSheets:  # fmt: skip
    found = await trace_in_transaction(tx, where, method, components)
    return await sheets_in_transaction(tx, found.rows)


async def trace_fsma(
    graph: Graph, *, where: TraceFilter, method: TraceMethod, components: ShowComponents
) -> FsmaSheets:
    """The trace's Critical Tracking Events as FSMA 204 spreadsheet rows, in one transaction."""
    return await graph.read(_trace_sheets, where, method, components)
