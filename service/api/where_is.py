"""`GET /v1/where-is`: a serial, lot or package now: containment chain, place, customers."""

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from service.api.deps import GraphDep, json_response
from service.domain.containment import LotRef, PackageRef, Ref, SerialRef
from service.domain.where_is import WhereIs
from service.errors import InvalidInput
from service.graph.ledger_entries import EntryFilter
from service.graph.where_is import get_where_is

router = APIRouter(prefix="/v1", tags=["tracing"])
Text = Annotated[str | None, Query(max_length=50)]


def _ref(
    serial_no: str | None, lot_no: str | None, package_no: str | None, item_no: str | None,
    variant_code: str,
) -> Ref:  # fmt: skip
    if sum(x is not None for x in (serial_no, lot_no, package_no)) != 1:
        raise InvalidInput("Name exactly one of serial_no, lot_no, package_no.", field="serial_no")
    if package_no is not None:
        return PackageRef(package_no=package_no)
    if item_no is None:
        raise InvalidInput("A serial or lot number needs its item_no.", field="item_no")
    if serial_no is not None:
        return SerialRef(item_no=item_no, variant_code=variant_code, serial_no=serial_no)
    assert lot_no is not None
    return LotRef(item_no=item_no, variant_code=variant_code, lot_no=lot_no)


@router.get("/where-is", response_model=WhereIs)
async def where_is(
    graph: GraphDep,
    serial_no: Annotated[
        str | None, Query(max_length=50, description="Serial No.", examples=["1001"])
    ] = None,
    lot_no: Annotated[
        str | None, Query(max_length=50, description="Lot No.", examples=["LOT0001"])
    ] = None,
    package_no: Annotated[
        str | None, Query(max_length=50, description="Package No.", examples=["CONTAINER010"])
    ] = None,
    item_no: Text = None,
    variant_code: Annotated[str, Query(max_length=10)] = "",
    format: Annotated[
        Literal["json"],
        Query(description="JSON only: CSV and FSMA 204 XLSX exports are on trace and recalls"),
    ] = "json",
) -> Response:
    """Its containment chain now, where it stands (location and bin), and the customers it
    was shipped to."""
    item = item_no.upper() if item_no else None
    ref = _ref(serial_no, lot_no, package_no, item, variant_code.upper())
    where = EntryFilter(
        item_no=item, variant_code=variant_code.upper() if item else None,
        serial_no=serial_no, lot_no=lot_no, package_no=package_no,
    )  # fmt: skip
    return json_response(await get_where_is(graph, of=ref, where=where, as_of=dt.date.today()))
