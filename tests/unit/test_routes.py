"""The API's routers are tried in the order of `service.main.ROUTERS`, busiest first: every
route must still be reached by its own path, not caught by one tried before it."""

import re

import pytest
from fastapi.routing import APIRoute

from service.main import ROUTERS

ROUTES = [route for router in ROUTERS for route in router.routes if isinstance(route, APIRoute)]


def _first_match(method: str, path: str) -> str | None:
    for route in ROUTES:
        if method in (route.methods or ()) and route.path_regex.match(path):
            return route.path
    return None


@pytest.mark.parametrize(
    ("method", "template"),
    sorted({(method, route.path) for route in ROUTES for method in route.methods or ()}),
)
def test_each_route_is_reached_by_its_own_path(method: str, template: str) -> None:
    path = re.sub(r"\{[^}]+\}", "X-1", template)
    assert _first_match(method, path) == template


def test_the_busiest_routes_come_first() -> None:
    first = [route.path for route in ROUTES[:4]]
    assert first == ["/v1/trace", "/v1/where-is", "/v1/recalls", "/v1/postings"]
