"""The app factory. Its lifespan owns the driver and applies the schema."""

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI

from service.api import (
    api_keys,
    containment,
    docs,
    epcis,
    health,
    info_cards,
    items,
    ledger_entries,
    locations,
    number_series,
    observability,
    partners,
    postings,
    problems,
    recalls,
    tracing,
    tracking_codes,
    ui,
    where_is,
)
from service.api.auth import Authorized, KeyCache
from service.api.gate import KeyGate
from service.api.headers import SecurityHeaders
from service.api.limits import BodyLimit, RequestBudget
from service.graph.schema import apply_schema
from service.graph.store import UNAVAILABLE_ERRORS, Graph, open_graph_for
from service.settings import Settings, get_settings

log = logging.getLogger("tracegraph")
SCHEMA_RETRY_SECONDS = 5.0
# Container objects allocated before the cycle collector runs (Python's default is 700). A recall
# or a long trace builds ~10^5 records, rows and models: at 700 the collector scanned the whole
# heap again many times during each, ~50 ms of a recall's ~150 ms of service CPU at scale M.
COLLECTOR_THRESHOLD = 20_000


# The routers behind API keys. Starlette tries routes in this order: the busiest come first
# (no path of theirs overlaps another router's), so a trace or a posting is matched without
# passing the rest; `tests/unit/test_routes.py` checks every route is reached by its own path.
ROUTERS: tuple[APIRouter, ...] = (
    tracing.router,
    where_is.router,
    recalls.router,
    postings.router,
    locations.router,
    partners.customers,
    partners.vendors,
    tracking_codes.router,
    items.router,
    items.setup_router,
    number_series.router,
    ledger_entries.router,
    epcis.router,
    info_cards.serial_nos,
    info_cards.lots,
    containment.router,  # before the package cards, whose `/{package_no:path}` takes all
    info_cards.packages,
    api_keys.router,
)


def _tune_collector() -> None:
    """Fewer cycle collections, and none that walk the modules, app and driver loaded at
    startup: they stay for the life of the process (moved to the collector's permanent
    generation), so each collection looks only at what requests made."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(COLLECTOR_THRESHOLD, *gc.get_threshold()[1:])


async def _apply_schema_until_done(graph: Graph) -> None:
    """Neo4j may be down when the service starts; keep trying until the schema is in place."""
    while True:
        try:
            await apply_schema(graph)
        except UNAVAILABLE_ERRORS as exc:
            log.warning("schema not applied yet (%s); retrying", type(exc).__name__)
            await asyncio.sleep(SCHEMA_RETRY_SECONDS)
        else:
            return


def server_options(settings: Settings) -> dict[str, Any]:
    """What uvicorn holds each connection to: h11, which (unlike httptools) bounds a request's
    line and headers, at `max_header_bytes`; idle keep-alive connections closed after
    `keep_alive_seconds`; at most `max_connections` served at once (more answered 503). uvicorn
    has no timeout for reading headers: in production put a reverse proxy in front
    (docs/security.md)."""
    return {
        "http": "h11",
        "h11_max_incomplete_event_size": settings.max_header_bytes,
        "timeout_keep_alive": settings.keep_alive_seconds,
        "limit_concurrency": settings.max_connections,
    }


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        graph = open_graph_for(settings)
        app.state.graph = graph
        app.state.settings = settings
        try:
            await asyncio.wait_for(apply_schema(graph), timeout=30)
            schema_task = None
        except UNAVAILABLE_ERRORS:  # TimeoutError among them
            schema_task = asyncio.create_task(_apply_schema_until_done(graph))
        except BaseException:  # wrong credentials, say: refuse to start, but close the driver
            await graph.close()
            raise
        _tune_collector()
        try:
            yield
        finally:
            if schema_task is not None:
                schema_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await schema_task
            log.info("shutting down: closing the Neo4j driver")
            await graph.close()

    app = FastAPI(
        title="Tracegraph",
        version="0.1.0",
        summary="Serial, lot and package traceability on a graph.",
        lifespan=lifespan,
        docs_url=None,  # served by service.api.docs from the package's own files
        redoc_url=None,
    )
    app.state.key_cache = KeyCache()
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes,
                       read_timeout=settings.body_read_timeout_seconds)  # fmt: skip
    app.add_middleware(RequestBudget, seconds=settings.request_timeout_seconds)
    app.add_middleware(KeyGate, required=settings.api_keys_required,
                       failures_per_minute=settings.auth_failures_per_minute)  # fmt: skip
    problems.install(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(observability.RequestMiddleware)
    app.include_router(health.router)
    app.include_router(observability.router)
    for router in ROUTERS:
        app.include_router(router, dependencies=Authorized)
    ui.install(app)
    docs.install(app)
    return app
