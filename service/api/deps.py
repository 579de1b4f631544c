"""Dependencies shared by the routers."""

import json
from typing import Annotated, Any, Literal
from urllib.parse import quote

import orjson
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


def content_disposition(filename: str) -> str:
    """`attachment` with the name in ASCII (anything else, quotes and controls as `_`) and, when
    that changed it, the exact name UTF-8 encoded as RFC 6266 `filename*`."""
    plain = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in filename)
    if plain == filename:
        return f'attachment; filename="{plain}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _download(content: str | bytes, *, media_type: str, filename: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": content_disposition(filename)},
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


def _fields(value: object) -> dict[str, Any]:
    """A model's fields, for orjson (which writes dicts, lists, strings, numbers and dates
    itself)."""
    if isinstance(value, BaseModel):
        return value.__dict__
    raise TypeError(f"{type(value).__name__} is not JSON")


def json_response(model: BaseModel) -> Response:
    """An answer (a trace, a recall, a where-is) as JSON, written once by orjson: the route's
    `response_model` still documents it, but it is not dumped, validated and dumped again on
    the way out, and orjson writes a 10,000-row trace in less than half pydantic's time. The
    models answered here hold only what orjson writes as pydantic does (strings, numbers,
    booleans, None, dates, lists, dicts and typed dicts, models of those; no serializers,
    aliases, computed or excluded fields): `tests/api/test_json_response.py` holds them to the
    same bytes as pydantic's."""
    body = orjson.dumps(model, default=_fields, option=orjson.OPT_UTC_Z)  # UTC as Z, as pydantic
    return Response(body, media_type="application/json")
