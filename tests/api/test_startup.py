"""What a started service sets up for itself, beyond the schema."""

import gc
import inspect
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from service.main import COLLECTOR_THRESHOLD


async def test_a_started_service_collects_cycles_less_often_and_never_in_startup_objects(
    app: FastAPI,
) -> None:
    assert app.state.graph is not None
    assert gc.get_threshold()[0] == COLLECTOR_THRESHOLD
    assert gc.get_freeze_count() > 10_000  # modules, app and driver: out of every collection


def _routes(routes: Sequence[BaseRoute]) -> list[APIRoute]:
    """The API routes, also those of included routers (FastAPI 0.16x wraps those)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif (router := getattr(route, "original_router", None)) is not None:
            found += _routes(router.routes)
    return found


def _calls(dependant: Dependant) -> list[Callable[..., Any]]:
    found = [dependant.call] if dependant.call is not None else []
    for sub in dependant.dependencies:
        found += _calls(sub)
    return found


async def test_every_handler_and_dependency_runs_in_the_event_loop(app: FastAPI) -> None:
    """FastAPI hands a plain `def` to a worker thread on every request: three thread hops
    a request cost ~5% of the service's CPU when posting at full rate."""
    calls = [c for r in _routes(app.routes) for c in _calls(r.dependant)]
    assert len(calls) > 100
    assert [c for c in calls if not inspect.iscoroutinefunction(c)] == []
