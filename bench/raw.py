"""The queries as raw Cypher: the very statements the service runs for a trace, a recall and a
where-is, sent straight through the driver with no HTTP, FastAPI or pydantic in between. The
gap between these timings and the API's is what the service layer costs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from service.graph.cypher import cypher


async def _run(tx: AsyncManagedTransaction, name: str, params: dict[str, Any]) -> list[Any]:
    result = await tx.run(cypher(name), params)
    return [record async for record in result]


def _start_params(
    *, item: str, serial: str | None = None, lot: str | None = None, forward: bool
) -> dict[str, Any]:
    return {
        "serialNo": serial,
        "lotNo": lot,
        "packageNo": None,
        "itemNo": item,
        "variantCode": None,
        "fromDate": None,
        "toDate": None,
        "forward": forward,
    }


async def _trace(
    tx: AsyncManagedTransaction, params: dict[str, Any], packages: bool = True
) -> dict[int, Any]:
    """Entry number -> entry map, the service's breadth-first walk; then (for a trace, not a
    recall) the packages its numbers travelled in."""
    forward = params["forward"]
    found = {
        r["entry"]["entryNo"]: r["entry"]
        for r in await _run(tx, "tracing/find_trace_start", params)
    }
    frontier = list(found)
    step = "tracing/trace_forward" if forward else "tracing/trace_backward"
    while frontier:
        rows = await _run(tx, step, {"entryNos": frontier, "components": "all"})
        frontier = []
        for r in rows:
            no = r["entry"]["entryNo"]
            if no not in found:
                found[no] = r["entry"]
                frontier.append(no)
    if packages:
        await _run(tx, "tracing/list_trace_packages", {"entryNos": list(found)})
    return found


async def backward(driver: AsyncDriver, database: str, *, item: str, serial: str) -> set[int]:
    async with driver.session(database=database) as session:
        found = await session.execute_read(
            _trace, _start_params(item=item, serial=serial, forward=False)
        )
    return set(found)


async def forward(driver: AsyncDriver, database: str, *, item: str, lot: str) -> set[int]:
    async with driver.session(database=database) as session:
        found = await session.execute_read(_trace, _start_params(item=item, lot=lot, forward=True))
    return set(found)


async def _recall(tx: AsyncManagedTransaction, item: str, lot: str) -> dict[str, set[str]]:
    found = await _trace(tx, _start_params(item=item, lot=lot, forward=True), packages=False)
    stock = await _run(
        tx, "recalls/get_affected_stock", {"entryNos": sorted(found), "asOf": dt.date.today()}
    )
    entries = found.values()
    return {
        "serial": {f"{e['itemNo']}/{e['serialNo']}" for e in entries if e["serialNo"]},
        "customer": {
            e["sourceNo"] for e in entries if e["entryType"] == "Sale" and e["quantity"] < 0
        },
        "stock": {f"{len(stock)} open entries"},
    }


async def recall(driver: AsyncDriver, database: str, *, item: str, lot: str) -> dict[str, set[str]]:
    async with driver.session(database=database) as session:
        return await session.execute_read(_recall, item, lot)


async def where_is(
    driver: AsyncDriver, database: str, *, item: str, serial: str
) -> dict[str, set[str]]:
    """Three reads, as `GET /v1/where-is` makes them: containment chain, on hand, entries."""
    numbers = {
        "itemNo": item,
        "variantCode": "",
        "serialNo": serial,
        "lotNo": None,
        "packageNo": None,
    }
    entry_filter = {
        **numbers,
        "documentNo": None,
        "locationCode": None,
        "binCode": None,
        "open": None,
    }
    async with driver.session(database=database) as session:
        chain = await session.execute_read(
            _run, "containment/get_containment_chain", {**numbers, "kind": "serial"}
        )
    async with driver.session(database=database) as session:
        stock = await session.execute_read(
            _run, "on_hand/get_on_hand", {**entry_filter, "asOf": dt.date.today(), "limit": 1001}
        )
    async with driver.session(database=database) as session:
        entries = await session.execute_read(
            _run,
            "ledger_entries/list_ledger_entries",
            {**entry_filter, "limit": 500, "offset": 0},
        )
    sales = [r["entry"] for r in entries]
    return {
        "package": set(chain[0]["packages"]) if chain else set(),
        "location": {r["locationCode"] for r in stock},
        "customer": {
            e["sourceNo"] for e in sales if e["entryType"] == "Sale" and e["quantity"] < 0
        },
    }
