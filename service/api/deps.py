"""Dependencies shared by the routers."""

import json
from typing import Annotated, Any, Literal

from fastapi import Depends, Request, Response
from pydantic import BaseModel

from service.domain.workbook import XLSX_MEDIA_TYPE
from service.graph.store import Graph
from service.settings import Settings


async def get_graph(request: Request) -> Graph:
    graph: Graph = request.app.state.graph
    return graph


async def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


GraphDep = Annotated[Graph, Depends(get_graph)]
ExportFormat = Literal["json", "csv", "xlsx", "epcis"]
EXPORT_FORMATS = (
    "JSON; CSV with format=csv; with format=xlsx the FSMA 204 sortable spreadsheet "
    "(tabs Shipping, Receiving, Transformation); with format=epcis the EPCIS events behind "
    "every document of the result as an EPCISQueryDocument"
)
EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/csv": {}, XLSX_MEDIA_TYPE: {}, "application/ld+json": {}},
        "description": EXPORT_FORMATS,
    }
}
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def _download(content: str | bytes, *, media_type: str, filename: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def csv_response(text: str, *, filename: str) -> Response:
    """A CSV download."""
    return _download(text, media_type="text/csv", filename=filename)


def xlsx_response(content: bytes, *, filename: str) -> Response:
    """An XLSX download."""
    return _download(content, media_type=XLSX_MEDIA_TYPE, filename=filename)


def epcis_response(document: dict[str, Any], *, filename: str) -> Response:
    """An EPCISQueryDocument download (JSON-LD)."""
    return _download(json.dumps(document), media_type="application/ld+json", filename=filename)


def json_response(model: BaseModel) -> Response:
    """A model as JSON, serialised once: the route's `response_model` still documents it, but
    a long answer is not dumped, validated and dumped again on the way out. The serializer's
    bytes go out as they are (`model_dump_json` would decode them to text, and the response
    encode that again: two more copies of a long answer, tens of MB for a 40,000-row trace)."""
    return Response(model.__pydantic_serializer__.to_json(model), media_type="application/json")
