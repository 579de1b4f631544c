"""`/v1/items` (with variants) and `/v1/inventory-setup`."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from service.api.deps import GraphDep
from service.api.paging import Page, PagingDep
from service.domain.items import Item, ItemFields, ItemVariant, ItemWithUsage
from service.domain.master_data import InventorySetup
from service.graph import inventory_setup, items

router = APIRouter(prefix="/v1/items", tags=["items"])
setup_router = APIRouter(prefix="/v1/inventory-setup", tags=["inventory setup"])
ERRORS: dict[int | str, dict[str, Any]] = {
    409: {"description": "A Business Central rule refuses the change"},
    422: {"description": "Invalid value, or a tracking code / number series that does not exist"},
}


@router.post("", status_code=status.HTTP_201_CREATED, responses=ERRORS)
async def create_item(graph: GraphDep, item: Item) -> ItemWithUsage:
    return await items.create_item(graph, item=item)


@router.get("")
async def list_items(
    graph: GraphDep,
    paging: PagingDep,
    search: Annotated[str | None, Query(description="Part of the number or description")] = None,
    item_tracking_code: Annotated[str | None, Query(description="Items using this code")] = None,
) -> Page[ItemWithUsage]:
    code = item_tracking_code.upper() if item_tracking_code else None
    found = await items.list_items(
        graph, search=search, tracking_code=code, limit=paging.limit, offset=paging.offset
    )
    return Page(items=found, next_offset=paging.next_offset(len(found)))


@router.get("/{no}")
async def get_item(graph: GraphDep, no: str) -> ItemWithUsage:
    return await items.get_item(graph, no=no.upper())


@router.patch("/{no}", responses=ERRORS)
async def update_item(graph: GraphDep, no: str, changes: ItemFields) -> ItemWithUsage:
    """Change the fields named in the body (`null` clears a tracking code or number series)."""
    return await items.update_item(graph, no=no.upper(), changes=changes)


@router.post("/{no}/variants", status_code=status.HTTP_201_CREATED)
async def add_variant(graph: GraphDep, no: str, variant: ItemVariant) -> ItemWithUsage:
    return await items.add_variant(graph, no=no.upper(), variant=variant)


@setup_router.get("")
async def get_inventory_setup(graph: GraphDep) -> InventorySetup:
    return await inventory_setup.get_inventory_setup(graph)


@setup_router.put("", responses=ERRORS)
async def save_inventory_setup(graph: GraphDep, setup: InventorySetup) -> InventorySetup:
    return await inventory_setup.save_inventory_setup(graph, setup=setup)
