"""`/v1/locations`: locations and their bins."""

from fastapi import APIRouter, status

from service.api.deps import GraphDep
from service.api.paging import Page, PagingDep
from service.domain.master_data import Bin, Location, LocationUpdate
from service.graph import locations

router = APIRouter(prefix="/v1/locations", tags=["locations"])


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_location(graph: GraphDep, location: Location) -> Location:
    return await locations.create_location(graph, location=location)


@router.get("")
async def list_locations(graph: GraphDep, paging: PagingDep) -> Page[Location]:
    found = await locations.list_locations(graph, limit=paging.limit, offset=paging.offset)
    return Page(items=found, next_offset=paging.next_offset(len(found)))


@router.get("/{code}")
async def get_location(graph: GraphDep, code: str) -> Location:
    return await locations.get_location(graph, code=code.upper())


@router.patch("/{code}")
async def update_location(graph: GraphDep, code: str, changes: LocationUpdate) -> Location:
    return await locations.update_location(graph, code=code.upper(), changes=changes)


@router.post("/{code}/bins", status_code=status.HTTP_201_CREATED)
async def add_bin(graph: GraphDep, code: str, bin_: Bin) -> Location:
    return await locations.add_bin(graph, code=code.upper(), bin_=bin_)
