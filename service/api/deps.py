"""Dependencies shared by the routers."""

from typing import Annotated, Literal

from fastapi import Depends, Request, Response

from service.domain.workbook import XLSX_MEDIA_TYPE
from service.graph.store import Graph
from service.settings import Settings


def get_graph(request: Request) -> Graph:
    graph: Graph = request.app.state.graph
    return graph


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


GraphDep = Annotated[Graph, Depends(get_graph)]
ExportFormat = Literal["json", "csv", "xlsx"]
EXPORT_FORMATS = (
    "JSON; CSV with format=csv; with format=xlsx the FSMA 204 sortable spreadsheet "
    "(tabs Shipping, Receiving, Transformation)"
)
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def csv_response(text: str, *, filename: str) -> Response:
    """A CSV download."""
    return Response(
        text,
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def xlsx_response(content: bytes, *, filename: str) -> Response:
    """An XLSX download."""
    return Response(
        content,
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
