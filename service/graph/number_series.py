"""Number series, and drawing numbers from them without duplicates or gaps under concurrency.

Every change that depends on what is stored (an update, a draw) first runs
`lock_number_series`, which sets and removes a property: that takes the node's write lock, held
until the transaction ends, so the properties it returns are the latest committed ones and no
other writer can change them before this transaction commits. Concurrent draws therefore queue
on the node; a deadlock or other transient error is retried by `execute_write`.

A draw never issues a number that exists (`get_taken_numbers`): the series passes over it,
draws another in its place, and counts it (`skipped_nos`, `last_skipped_no`).
"""

from datetime import date
from typing import Any

from neo4j import AsyncManagedTransaction

from service.domain.number_series import (
    Drawn,
    NumberSeries,
    NumberSeriesCreate,
    NumberSeriesUpdate,
    apply_update,
    draw,
    new_series,
    passing_over,
)
from service.errors import NotFound
from service.graph.cypher import cypher
from service.graph.props import from_props, to_props
from service.graph.store import Graph, Reader, refuse_duplicates, rows, single


def _series(row: dict[str, Any]) -> NumberSeries:
    return NumberSeries.model_validate(from_props(row["series"]))


def _not_found(code: str) -> NotFound:
    return NotFound(f"Number series {code} does not exist.", code="number-series-not-found")


async def _create(tx: AsyncManagedTransaction, series: NumberSeries) -> NumberSeries:
    row = await single(
        tx, cypher("number_series/create_number_series"), {"series": to_props(series.model_dump())}
    )
    assert row is not None
    return _series(row)


async def _get(tx: Reader, code: str) -> NumberSeries:
    row = await single(tx, cypher("number_series/get_number_series"), {"code": code})
    if row is None:
        raise _not_found(code)
    return _series(row)


async def _lock(tx: AsyncManagedTransaction, code: str) -> NumberSeries:
    """The series as last committed, locked against other writers until this transaction ends."""
    row = await single(tx, cypher("number_series/lock_number_series"), {"code": code})
    if row is None:
        raise _not_found(code)
    return _series(row)


async def _write(tx: AsyncManagedTransaction, code: str, changes: dict[str, Any]) -> NumberSeries:
    row = await single(
        tx, cypher("number_series/update_number_series"), {"code": code, "changes": changes}
    )
    assert row is not None  # the caller holds the lock on this node
    return _series(row)


async def _update(
    tx: AsyncManagedTransaction, code: str, changes: NumberSeriesUpdate
) -> NumberSeries:
    updated = apply_update(await _lock(tx, code), changes)
    return await _write(tx, code, to_props(updated.model_dump()))


async def _taken(tx: AsyncManagedTransaction, code: str, numbers: list[str]) -> set[str]:
    row = await single(tx, cypher("number_series/get_taken_numbers"),
                       {"code": code, "numbers": numbers})  # fmt: skip
    return set(row["taken"]) if row is not None else set()


async def _draw(tx: AsyncManagedTransaction, code: str, count: int, today: date) -> Drawn:
    """The next `count` numbers that do not exist yet: numbers the series reaches that exist
    (entered by hand, imported) are passed over and counted on the series."""
    series = await _lock(tx, code)
    numbers: list[str] = []
    skipped: list[str] = []
    while True:
        drawn = draw(series, count - len(numbers), today)
        taken = await _taken(tx, code, drawn.numbers)
        numbers += [no for no in drawn.numbers if no not in taken]
        skipped += [no for no in drawn.numbers if no in taken]
        series = passing_over(series, drawn, taken)
        if len(numbers) == count:
            break
    used = series.model_dump(
        include={"last_no_used", "last_date_used", "skipped_nos", "last_skipped_no"}
    )
    await _write(tx, code, to_props(used))
    return drawn.model_copy(update={"numbers": numbers, "skipped": skipped})


async def draw_in_transaction(
    tx: AsyncManagedTransaction, *, code: str, count: int, today: date
) -> Drawn:
    """Draw numbers inside a caller's transaction (postings assigning serials and lots)."""
    return await _draw(tx, code, count, today)


async def _list(tx: Reader, search: str | None, limit: int, offset: int) -> list[NumberSeries]:
    params = {"search": search, "limit": limit, "offset": offset}
    found = await rows(tx, cypher("number_series/list_number_series"), params)
    return [_series(row) for row in found]


async def create_number_series(graph: Graph, *, series: NumberSeriesCreate) -> NumberSeries:
    new = new_series(series)
    with refuse_duplicates(f"Number series {new.code} already exists."):
        return await graph.write(_create, new)


async def get_number_series(graph: Graph, *, code: str) -> NumberSeries:
    return await graph.read(_get, code)


async def update_number_series(
    graph: Graph, *, code: str, changes: NumberSeriesUpdate
) -> NumberSeries:
    return await graph.write(_update, code, changes)


async def list_number_series(
    graph: Graph, *, search: str | None, limit: int, offset: int
) -> list[NumberSeries]:
    return await graph.read(_list, search, limit, offset)


async def draw_numbers(graph: Graph, *, code: str, count: int, today: date) -> Drawn:
    """The next `count` numbers, assigned in one transaction: all of them or (409) none."""
    return await graph.write(_draw, code, count, today)
