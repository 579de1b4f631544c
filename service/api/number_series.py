"""`/v1/number-series`: number series, and drawing their next numbers."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, Query, status

from service.api.deps import GraphDep
from service.api.paging import Page, PagingDep
from service.domain.number_series import (
    Drawn,
    DrawRequest,
    NumberSeries,
    NumberSeriesCreate,
    NumberSeriesUpdate,
)
from service.graph import number_series

router = APIRouter(prefix="/v1/number-series", tags=["number series"])

SearchQuery = Annotated[str | None, Query(description="Part of the code or description")]


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_number_series(graph: GraphDep, series: NumberSeriesCreate) -> NumberSeries:
    return await number_series.create_number_series(graph, series=series)


@router.get("")
async def list_number_series(
    graph: GraphDep, paging: PagingDep, search: SearchQuery = None
) -> Page[NumberSeries]:
    found = await number_series.list_number_series(
        graph, search=search, limit=paging.limit, offset=paging.offset
    )
    return Page(items=found, next_offset=paging.next_offset(len(found)))


@router.get("/{code}")
async def get_number_series(graph: GraphDep, code: str) -> NumberSeries:
    return await number_series.get_number_series(graph, code=code.upper())


@router.patch("/{code}")
async def update_number_series(
    graph: GraphDep, code: str, changes: NumberSeriesUpdate
) -> NumberSeries:
    return await number_series.update_number_series(graph, code=code.upper(), changes=changes)


@router.post("/{code}/next")
async def draw_next_numbers(
    graph: GraphDep, code: str, request: Annotated[DrawRequest | None, Body()] = None
) -> Drawn:
    """Assign the next numbers (default one); 409 when the series cannot supply them all."""
    count = request.count if request is not None else 1
    return await number_series.draw_numbers(
        graph, code=code.upper(), count=count, today=date.today()
    )
