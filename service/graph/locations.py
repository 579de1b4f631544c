"""Locations and their bins."""

from typing import Any

from neo4j import AsyncManagedTransaction

from service.domain.master_data import Bin, Location, LocationUpdate
from service.errors import NotFound
from service.graph.cypher import cypher
from service.graph.props import from_props, to_props
from service.graph.store import Graph, Reader, refuse_duplicates, rows, single


def _location(row: dict[str, Any]) -> Location:
    bins = [Bin.model_validate(b) for b in row["bins"] if b.get("code") is not None]
    return Location.model_validate({**from_props(row["location"]), "bins": bins})


async def _get(tx: Reader, code: str) -> Location:
    row = await single(tx, cypher("locations/get_location"), {"code": code})
    if row is None:
        raise NotFound(f"Location {code} does not exist.", code="location-not-found")
    return _location(row)


async def _create(tx: AsyncManagedTransaction, location: Location) -> Location:
    fields = to_props(location.model_dump(exclude={"bins"}))
    bins = [b.model_dump() for b in location.bins]
    await rows(tx, cypher("locations/create_location"), {"location": fields, "bins": bins})
    return await _get(tx, location.code)


async def _update(tx: AsyncManagedTransaction, code: str, changes: LocationUpdate) -> Location:
    props = to_props(changes.model_dump(exclude_unset=True))
    if await single(tx, cypher("locations/update_location"), {"code": code, "changes": props}):
        return await _get(tx, code)
    raise NotFound(f"Location {code} does not exist.", code="location-not-found")


async def _add_bin(tx: AsyncManagedTransaction, code: str, bin_: Bin) -> Location:
    if await single(tx, cypher("locations/create_bin"), {"code": code, "bin": bin_.model_dump()}):
        return await _get(tx, code)
    raise NotFound(f"Location {code} does not exist.", code="location-not-found")


async def _list(tx: Reader, limit: int, offset: int) -> list[Location]:
    found = await rows(tx, cypher("locations/list_locations"), {"limit": limit, "offset": offset})
    return [_location(row) for row in found]


async def create_location(graph: Graph, *, location: Location) -> Location:
    with refuse_duplicates(f"Location {location.code} already exists."):
        return await graph.write(_create, location)


async def get_location(graph: Graph, *, code: str) -> Location:
    return await graph.read(_get, code)


async def update_location(graph: Graph, *, code: str, changes: LocationUpdate) -> Location:
    return await graph.write(_update, code, changes)


async def add_bin(graph: Graph, *, code: str, bin_: Bin) -> Location:
    with refuse_duplicates(f"Bin {bin_.code} already exists at location {code}."):
        return await graph.write(_add_bin, code, bin_)


async def list_locations(graph: Graph, *, limit: int, offset: int) -> list[Location]:
    return await graph.read(_list, limit, offset)
