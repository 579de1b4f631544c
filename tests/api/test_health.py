"""`GET /health`: Neo4j's version when it answers, 503 when it does not, then recovery."""

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from service.settings import Settings
from tests.tcp_proxy import TcpProxy, app_behind_proxy


async def test_health_answers_200_with_neo4j_version_and_edition(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["neo4j"]["version"].startswith("5.")
    assert body["neo4j"]["edition"] in {"community", "enterprise"}


@pytest.fixture
async def proxied(settings: Settings) -> AsyncIterator[tuple[TcpProxy, httpx.AsyncClient]]:
    async with app_behind_proxy(settings) as (proxy, app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield proxy, client


async def _poll_until(client: httpx.AsyncClient, status: int, within: float) -> float:
    started = time.monotonic()
    while True:
        response = await client.get("/health")
        if response.status_code == status:
            return time.monotonic() - started
        assert time.monotonic() - started < within, f"/health stayed {response.status_code}"
        await asyncio.sleep(0.2)


async def test_health_answers_503_when_neo4j_vanishes_and_200_when_it_returns(
    proxied: tuple[TcpProxy, httpx.AsyncClient],
) -> None:
    proxy, client = proxied
    assert (await client.get("/health")).status_code == 200

    await proxy.cut()
    assert await _poll_until(client, 503, within=5.0) < 5.0
    down = await client.get("/health")
    assert down.headers["content-type"] == "application/problem+json"
    assert down.headers["retry-after"] == "5"
    assert down.json()["code"] == "neo4j-unavailable"

    await proxy.open()
    await _poll_until(client, 200, within=15.0)
