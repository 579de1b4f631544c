"""Dependencies shared by the routers."""

import json
from typing import Annotated, Any

from fastapi import Depends, Request, Response

from service.graph.store import Graph
from service.settings import Settings


def get_graph(request: Request) -> Graph:
    graph: Graph = request.app.state.graph
    return graph


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


GraphDep = Annotated[Graph, Depends(get_graph)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def csv_response(text: str, *, filename: str) -> Response:
    """A CSV download."""
    return Response(
        text,
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def epcis_response(document: dict[str, Any], *, filename: str) -> Response:
    """An EPCISQueryDocument download (JSON-LD)."""
    return Response(
        json.dumps(document),
        media_type="application/ld+json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
