"""Reads run each statement as an auto-commit transaction (`Graph.read`), which the driver does
not retry, so the service retries a read itself: a short outage is waited out, a long one
answers 503 with Retry-After once the retry time is spent."""

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from service.domain.api_keys import ApiKeyCreate
from service.graph.api_keys import create_api_key
from service.graph.store import RETRY_SECONDS, Graph
from service.settings import Settings
from tests.tcp_proxy import TcpProxy, client_behind_proxy


@pytest.fixture
async def behind_proxy(
    settings: Settings, client: httpx.AsyncClient, graph: Graph
) -> AsyncIterator[tuple[TcpProxy, httpx.AsyncClient]]:
    """The service reaching Neo4j through a proxy the test can cut, with one item to read."""
    created = await client.post("/v1/items", json={"no": "1900-S", "description": "Chair"})
    assert created.status_code == 201
    key = await create_api_key(graph, request=ApiKeyCreate(name="reader", scopes=["read"]))
    async with client_behind_proxy(settings, key.key, timeout=30) as (proxy, reader):
        assert (await reader.get("/v1/items/1900-S")).status_code == 200
        yield proxy, reader


async def test_a_read_waits_out_a_short_outage_and_answers(
    behind_proxy: tuple[TcpProxy, httpx.AsyncClient],
) -> None:
    proxy, reader = behind_proxy
    await proxy.cut()

    async def come_back() -> None:
        await asyncio.sleep(0.5)
        await proxy.open()

    response, _ = await asyncio.gather(reader.get("/v1/items/1900-S"), come_back())

    assert response.status_code == 200
    assert response.json()["description"] == "Chair"


async def test_a_read_answers_503_once_the_retry_time_is_spent(
    behind_proxy: tuple[TcpProxy, httpx.AsyncClient],
) -> None:
    proxy, reader = behind_proxy
    await proxy.cut()

    started = time.monotonic()
    response = await reader.get("/v1/items/1900-S")
    waited = time.monotonic() - started

    assert response.status_code == 503
    assert response.json()["code"] == "neo4j-unavailable"
    assert response.headers["retry-after"] == "5"
    # Tried at once, after ~1 s and after ~2 s more (each wait +-20%); the next wait would end
    # past the retry time.
    assert 2.4 <= waited < RETRY_SECONDS + 1
