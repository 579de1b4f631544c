"""`GET /health`: 200 with Neo4j's version and edition, 503 while Neo4j does not answer."""

import asyncio

from fastapi import APIRouter
from pydantic import BaseModel

from service.api.deps import GraphDep, SettingsDep
from service.errors import Unavailable
from service.graph.health import get_components
from service.graph.store import UNAVAILABLE_ERRORS

router = APIRouter(tags=["health"])


class Neo4jPublic(BaseModel):
    version: str
    edition: str


class HealthPublic(BaseModel):
    status: str
    neo4j: Neo4jPublic


@router.get(
    "/health",
    responses={
        503: {"description": "Neo4j does not answer", "content": {"application/problem+json": {}}}
    },
)
async def health(graph: GraphDep, settings: SettingsDep) -> HealthPublic:
    try:
        components = await asyncio.wait_for(
            get_components(graph), timeout=settings.health_timeout_seconds
        )
    except UNAVAILABLE_ERRORS as exc:
        raise Unavailable(f"Neo4j does not answer ({type(exc).__name__}); retry shortly.") from exc
    return HealthPublic(
        status="ok", neo4j=Neo4jPublic(version=components.version, edition=components.edition)
    )
