"""Item tracking codes: stored as `(:ItemTrackingCode)`, used by items via `USES_TRACKING_CODE`."""

from typing import Any

from neo4j import AsyncManagedTransaction

from service.domain.tracking_codes import (
    CodeUsage,
    ItemTrackingCode,
    ItemTrackingCodeFields,
    apply_changes,
    check_delete,
    new_code,
)
from service.errors import NotFound
from service.graph.cypher import cypher
from service.graph.props import from_props, to_props
from service.graph.store import Graph, Reader, refuse_duplicates, rows, single


def not_found(code: str) -> NotFound:
    return NotFound(f"Item Tracking Code {code} does not exist.", code="tracking-code-not-found")


def tracking_code_from_props(props: dict[str, Any]) -> ItemTrackingCode:
    values = from_props(props)
    values.pop("revision", None)
    return ItemTrackingCode.model_validate(values)


async def _lock_with_usage(
    tx: AsyncManagedTransaction, code: str
) -> tuple[ItemTrackingCode, CodeUsage]:
    row = await single(tx, cypher("tracking_codes/lock_tracking_code_usage"), {"code": code})
    if row is None:
        raise not_found(code)
    usage = CodeUsage(
        item_with_entries=row["itemWithEntries"],
        items_with_expiration_calculation=row["itemsWithExpirationCalculation"],
        item_with_expiration_entries=row["itemWithExpirationEntries"],
        items_using=row["itemsUsing"],
        item_with_specific_costing=row["itemWithSpecificCosting"],
    )
    return tracking_code_from_props(row["trackingCode"]), usage


async def _create(tx: AsyncManagedTransaction, request: ItemTrackingCode) -> ItemTrackingCode:
    props = to_props(new_code(request).model_dump())
    row = await single(tx, cypher("tracking_codes/create_tracking_code"), {"props": props})
    assert row is not None
    return tracking_code_from_props(row["trackingCode"])


async def _get(tx: Reader, code: str) -> ItemTrackingCode:
    row = await single(tx, cypher("tracking_codes/get_tracking_code"), {"code": code})
    if row is None:
        raise not_found(code)
    return tracking_code_from_props(row["trackingCode"])


async def _update(
    tx: AsyncManagedTransaction, code: str, changes: ItemTrackingCodeFields
) -> ItemTrackingCode:
    current, usage = await _lock_with_usage(tx, code)
    updated = apply_changes(current, changes, usage)
    props = to_props(updated.model_dump())
    row = await single(
        tx, cypher("tracking_codes/update_tracking_code"), {"code": code, "props": props}
    )
    assert row is not None
    return tracking_code_from_props(row["trackingCode"])


async def _delete(tx: AsyncManagedTransaction, code: str) -> None:
    _, usage = await _lock_with_usage(tx, code)
    check_delete(code, usage)
    await rows(tx, cypher("tracking_codes/delete_tracking_code"), {"code": code})


async def _list(tx: Reader, limit: int, offset: int) -> list[ItemTrackingCode]:
    found = await rows(
        tx, cypher("tracking_codes/list_tracking_codes"), {"limit": limit, "offset": offset}
    )
    return [tracking_code_from_props(row["trackingCode"]) for row in found]


async def create_tracking_code(graph: Graph, *, request: ItemTrackingCode) -> ItemTrackingCode:
    with refuse_duplicates(f"Item Tracking Code {request.code} already exists."):
        return await graph.write(_create, request)


async def get_tracking_code(graph: Graph, *, code: str) -> ItemTrackingCode:
    return await graph.read(_get, code)


async def update_tracking_code(
    graph: Graph, *, code: str, changes: ItemTrackingCodeFields
) -> ItemTrackingCode:
    return await graph.write(_update, code, changes)


async def delete_tracking_code(graph: Graph, *, code: str) -> None:
    await graph.write(_delete, code)


async def list_tracking_codes(graph: Graph, *, limit: int, offset: int) -> list[ItemTrackingCode]:
    return await graph.read(_list, limit, offset)
