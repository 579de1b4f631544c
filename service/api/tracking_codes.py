"""`/v1/item-tracking-codes`."""

from typing import Any

from fastapi import APIRouter, Response, status

from service.api.deps import GraphDep
from service.api.paging import Page, PagingDep
from service.domain.tracking_codes import ItemTrackingCode, ItemTrackingCodeFields
from service.graph import tracking_codes

router = APIRouter(prefix="/v1/item-tracking-codes", tags=["item tracking codes"])
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "An interlock refuses the change (Business Central's words)"}
}


@router.post("", status_code=status.HTTP_201_CREATED, responses=CONFLICT)
async def create_tracking_code(graph: GraphDep, request: ItemTrackingCode) -> ItemTrackingCode:
    """Create a code. Specific tracking turns on warehouse tracking and every requirement flag;
    strict expiration posting and required expiration dates turn on use expiration dates."""
    return await tracking_codes.create_tracking_code(graph, request=request)


@router.get("")
async def list_tracking_codes(graph: GraphDep, paging: PagingDep) -> Page[ItemTrackingCode]:
    found = await tracking_codes.list_tracking_codes(
        graph, limit=paging.limit, offset=paging.offset
    )
    return Page(items=found, next_offset=paging.next_offset(len(found)))


@router.get("/{code}")
async def get_tracking_code(graph: GraphDep, code: str) -> ItemTrackingCode:
    return await tracking_codes.get_tracking_code(graph, code=code.upper())


@router.patch("/{code}", responses=CONFLICT)
async def update_tracking_code(
    graph: GraphDep, code: str, changes: ItemTrackingCodeFields
) -> ItemTrackingCode:
    """Change the fields named in the body; interlocks as in Business Central."""
    return await tracking_codes.update_tracking_code(graph, code=code.upper(), changes=changes)


@router.delete("/{code}", status_code=status.HTTP_204_NO_CONTENT, responses=CONFLICT)
async def delete_tracking_code(graph: GraphDep, code: str) -> Response:
    """Delete a code no item uses."""
    await tracking_codes.delete_tracking_code(graph, code=code.upper())
    return Response(status_code=status.HTTP_204_NO_CONTENT)
