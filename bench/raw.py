"""The queries as raw Cypher: the very statements the service runs for a trace, a recall and a
where-is, sent straight through the driver with no HTTP, FastAPI or pydantic in between, each an
auto-commit transaction on a read session as `Graph.read` sends them. The gap between these
timings and the API's is what the service layer costs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import READ_ACCESS, AsyncDriver, AsyncSession

from bench.api import PAGE
from service.graph.cypher import cypher
from service.graph.ledger_entries import EntryFilter
from service.graph.store import Reader
from service.graph.tracing import TRACE_STATEMENT, entries_up_to
from service.graph.where_is import SHIPMENT_LIMIT, STOCK_LIMIT


async def _run(tx: Reader, name: str, params: dict[str, Any]) -> list[Any]:
    result = await tx.run(cypher(name), params)
    return [record async for record in result]


def _start_params(
    *, item: str, serial: str | None = None, lot: str | None = None, forward: bool
) -> dict[str, Any]:
    return {
        "serialNos": None if serial is None else [serial],
        "lotNos": None if lot is None else [lot],
        "packageNos": None,
        "itemNos": [item],
        "variantCode": None,
        "fromDate": None,
        "toDate": None,
        "forward": forward,
    }


async def _value(tx: Reader, name: str, params: dict[str, Any]) -> Any:
    record = await (await tx.run(cypher(name), params)).single(strict=True)
    return record[0]


def _siblings(flow: list[list[Any]]) -> set[int]:
    """The other consumption of the orders a forward trace passes through (all of them: the
    bench traces with show_components=all), which the walk's statement lists in its steps."""
    return {
        sibling
        for _, steps in flow
        for relationship, leads_to in steps
        if relationship == "CONSUMED"
        for sibling, _ in leads_to[1]
    }


async def _trace(tx: Reader, params: dict[str, Any]) -> dict[int, Any]:
    """Entry number -> entry (its fields, as a list), by the service's statements: the start,
    the reach, its steps and packages (and the entries, as the service reads them for the API's
    one page of `PAGE` rows) in one statement; else the entries, and those of the consumption
    the steps add (a forward trace's other components). The levels the service computes from
    the steps are left out."""
    flow_params = {**params, "entriesUpTo": entries_up_to(0, PAGE)}
    found = await (await tx.run(TRACE_STATEMENT, flow_params)).single(strict=True)
    reached = {step[0] for step in found["flow"]} | set(found["startEntryNos"])
    wanted = reached | _siblings(found["flow"])
    entries = {e[0]: e for e in found["entries"] or []}
    missing = sorted(wanted - set(entries))
    if missing:
        more = await tx.run(cypher("tracing/get_trace_entries"), {"entryNos": missing})
        record = await more.single(strict=True)
        entries |= {e[0]: e for e in record["entries"]}
    return {no: entries[no] for no in wanted}


def _session(driver: AsyncDriver, database: str) -> AsyncSession:
    return driver.session(database=database, default_access_mode=READ_ACCESS)


async def backward(driver: AsyncDriver, database: str, *, item: str, serial: str) -> set[int]:
    async with _session(driver, database) as session:
        found = await _trace(session, _start_params(item=item, serial=serial, forward=False))
    return set(found)


async def forward(driver: AsyncDriver, database: str, *, item: str, lot: str) -> set[int]:
    async with _session(driver, database) as session:
        found = await _trace(session, _start_params(item=item, lot=lot, forward=True))
    return set(found)


async def _recall(tx: Reader, item: str, lot: str) -> dict[str, set[str]]:
    """The service's recall statements: the start, everything downstream with what it carries
    (walked on from the entries of reached numbers the walk missed, until there are none), the
    stock on hand."""
    params = _start_params(item=item, lot=lot, forward=True)
    start = await _value(tx, "tracing/find_trace_start", params)
    seen: set[int] = set()
    numbers: set[tuple[str, str]] = set()
    customers: set[str] = set()
    open_entry_nos: set[int] = set()
    followed: list[str] = []
    while start:
        params = {"entryNos": start, "followed": followed}
        found = await (await tx.run(cypher("recalls/get_reach"), params)).single()
        assert found is not None
        followed += found["followed"]
        seen |= set(found["entryNos"])
        numbers |= {(item_no, serial_no) for item_no, _, serial_no, _ in found["numbers"]}
        customers |= {customer_no for _, customer_no, *_ in found["shipments"]}
        open_entry_nos |= set(found["openEntryNos"])
        start = sorted(set(found["numberEntryNos"]) - seen)
    stock = await _value(
        tx,
        "recalls/get_affected_stock",
        {"entryNos": sorted(open_entry_nos), "asOf": dt.date.today()},
    )
    return {
        "serial": {f"{item}/{serial}" for item, serial in numbers if serial},
        "customer": customers,
        "stock": {f"{len(stock)} open entries"},
    }


async def recall(driver: AsyncDriver, database: str, *, item: str, lot: str) -> dict[str, set[str]]:
    async with _session(driver, database) as session:
        return await _recall(session, item, lot)


async def _where_is(tx: Reader, *params: dict[str, Any]) -> tuple[list[Any], ...]:
    names = (
        "containment/get_containment_chain",
        "on_hand/get_on_hand",
        "ledger_entries/list_ledger_entries",
    )
    return tuple([await _run(tx, name, p) for name, p in zip(names, params, strict=True)])


async def where_is(
    driver: AsyncDriver, database: str, *, item: str, serial: str
) -> dict[str, set[str]]:
    """Three reads, as `GET /v1/where-is` makes them: containment chain, on hand, entries."""
    where = EntryFilter(item_no=item, variant_code="", serial_no=serial)
    sales = where.model_copy(update={"entry_type": "Sale"})
    numbers = {k: where.params()[k] for k in ("itemNo", "variantCode", "serialNo", "lotNo")}
    async with _session(driver, database) as session:
        chain, stock, entries = await _where_is(
            session,
            {**numbers, "packageNo": None, "kind": "serial"},
            {**where.params(), "asOf": dt.date.today(), "limit": STOCK_LIMIT + 1},
            {**sales.params(), "limit": SHIPMENT_LIMIT, "offset": 0},
        )
    return {
        "package": set(chain[0]["packages"]) if chain else set(),
        "location": {r["locationCode"] for r in stock},
        "customer": {r["entry"]["sourceNo"] for r in entries if r["entry"]["quantity"] < 0},
    }
