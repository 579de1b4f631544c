"""Items, their variants and their links to a tracking code and number series."""

from typing import Any

from neo4j import AsyncManagedTransaction

from service.domain.items import Item, ItemFields, ItemVariant, ItemWithUsage, check_item
from service.domain.tracking_codes import ItemTrackingCode
from service.errors import InvalidInput, NotFound
from service.graph.cypher import cypher
from service.graph.props import from_props, to_props
from service.graph.store import Graph, Reader, refuse_duplicates, rows, single
from service.graph.tracking_codes import tracking_code_from_props

LINKS = ("item_tracking_code", "serial_nos", "lot_nos")


def not_found(no: str) -> NotFound:
    return NotFound(f"Item {no} does not exist.", code="item-not-found")


def _item(row: dict[str, Any]) -> tuple[ItemWithUsage, ItemTrackingCode | None]:
    code = row["trackingCode"]
    tracking_code = tracking_code_from_props(code) if code else None
    values = {
        **from_props(row["item"]),
        "item_tracking_code": tracking_code.code if tracking_code else None,
        "serial_nos": row["serialNos"],
        "lot_nos": row["lotNos"],
        "variants": row["variants"],
        "has_entries": row["hasEntries"],
    }
    return ItemWithUsage.model_validate(values), tracking_code


def _link_params(item: Item) -> dict[str, Any]:
    return {
        "no": item.no,
        "itemTrackingCode": item.item_tracking_code,
        "serialNos": item.serial_nos,
        "lotNos": item.lot_nos,
    }


async def _references(tx: AsyncManagedTransaction, item: Item) -> ItemTrackingCode | None:
    """The item's tracking code; InvalidInput naming the field when a reference is missing."""
    row = await single(tx, cypher("items/get_item_references"), _link_params(item))
    assert row is not None
    if item.item_tracking_code and row["trackingCode"] is None:
        raise InvalidInput(
            f"Item Tracking Code {item.item_tracking_code} does not exist.",
            field="item_tracking_code",
        )
    for field, exists in (("serial_nos", row["serialNosExist"]), ("lot_nos", row["lotNosExist"])):
        if getattr(item, field) and not exists:
            raise InvalidInput(f"Number series {getattr(item, field)} does not exist.", field=field)
    return tracking_code_from_props(row["trackingCode"]) if row["trackingCode"] else None


async def _get(tx: Reader, no: str) -> tuple[ItemWithUsage, ItemTrackingCode | None]:
    row = await single(tx, cypher("items/get_item"), {"no": no})
    if row is None:
        raise not_found(no)
    return _item(row)


def _props(item: Item) -> dict[str, Any]:
    return to_props(item.model_dump(exclude={"variants", *LINKS}))


async def _create(tx: AsyncManagedTransaction, item: Item) -> ItemWithUsage:
    check_item(item, tracking_code=await _references(tx, item))
    variants = [v.model_dump() for v in item.variants]
    await rows(tx, cypher("items/create_item"), {"props": _props(item), "variants": variants})
    await rows(tx, cypher("items/link_item_setup"), _link_params(item))
    return (await _get(tx, item.no))[0]


async def _update(tx: AsyncManagedTransaction, no: str, changes: ItemFields) -> ItemWithUsage:
    previous, previous_code = await _get(tx, no)
    named = changes.model_dump(include=changes.model_fields_set)
    item = Item.model_validate({**previous.model_dump(exclude={"has_entries"}), **named})
    tracking_code = await _references(tx, item)
    check_item(item, tracking_code=tracking_code, previous=previous, previous_code=previous_code)
    await rows(tx, cypher("items/update_item"), {"no": no, "props": _props(item)})
    await rows(tx, cypher("items/link_item_setup"), _link_params(item))
    return (await _get(tx, no))[0]


async def _add_variant(tx: AsyncManagedTransaction, no: str, variant: ItemVariant) -> ItemWithUsage:
    params = {"no": no, "variant": variant.model_dump()}
    if await single(tx, cypher("items/create_item_variant"), params) is None:
        raise not_found(no)
    return (await _get(tx, no))[0]


async def _list(
    tx: Reader,
    search: str | None,
    tracking_code: str | None,
    limit: int,
    offset: int,
) -> list[ItemWithUsage]:
    params = {"search": search, "itemTrackingCode": tracking_code, "limit": limit, "offset": offset}
    return [_item(row)[0] for row in await rows(tx, cypher("items/list_items"), params)]


async def create_item(graph: Graph, *, item: Item) -> ItemWithUsage:
    with refuse_duplicates(f"Item {item.no} already exists (or its GTIN is another item's)."):
        return await graph.write(_create, item)


async def get_item(graph: Graph, *, no: str) -> ItemWithUsage:
    return (await graph.read(_get, no))[0]


async def update_item(graph: Graph, *, no: str, changes: ItemFields) -> ItemWithUsage:
    with refuse_duplicates(f"GTIN {changes.gtin} belongs to another item."):
        return await graph.write(_update, no, changes)


async def add_variant(graph: Graph, *, no: str, variant: ItemVariant) -> ItemWithUsage:
    with refuse_duplicates(f"Variant {variant.code} of item {no} already exists."):
        return await graph.write(_add_variant, no, variant)


async def list_items(
    graph: Graph, *, search: str | None, tracking_code: str | None, limit: int, offset: int
) -> list[ItemWithUsage]:
    return await graph.read(_list, search, tracking_code, limit, offset)
