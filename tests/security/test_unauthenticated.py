"""M4: no work for a request without a valid key. The key is checked from the headers before the
body is read, failed keys are rate limited per client address, unknown keys are remembered, and
the HTTP server bounds headers, slow bodies and idle connections."""

import asyncio
import socket
from collections.abc import AsyncIterator, MutableMapping
from typing import Any

import httpx
import pytest
import uvicorn
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from service.api.auth import KeyCache
from service.domain.api_keys import ApiKeyCreate
from service.graph.api_keys import create_api_key
from service.graph.store import Graph
from service.main import create_app, server_options
from service.settings import Settings


async def _call(app: FastAPI, headers: list[tuple[bytes, bytes]]) -> tuple[int, bool]:
    """POST /v1/postings straight into the app; its status, and whether the body was read."""
    read = False
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        read = True
        return {"type": "http.request", "body": b"{bad", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/v1/postings", "raw_path": b"/v1/postings",
             "query_string": b"", "root_path": "", "client": ("10.1.1.1", 1),
             "server": ("tracegraph.test", 80),
             "headers": [(b"content-type", b"application/json"), *headers]}  # fmt: skip
    await app(scope, receive, send)
    return sent[0]["status"], read


async def test_a_post_without_a_key_is_401_before_its_body_is_read(
    app: FastAPI, graph: Graph, anonymous: httpx.AsyncClient
) -> None:
    assert await _call(app, []) == (401, False)
    assert await _call(app, [(b"x-api-key", b"tg_unknown")]) == (401, False)
    response = await anonymous.post("/v1/api-keys", content=b"{bad",
                                    headers={"Content-Type": "application/json"})  # fmt: skip
    assert response.status_code == 401  # was 422: the body was parsed first
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_a_valid_key_reaches_the_route_which_reads_the_body(
    app: FastAPI, graph: Graph
) -> None:
    key = await create_api_key(graph, request=ApiKeyCreate(name="t", scopes=["post"]))
    status, read = await _call(app, [(b"authorization", f"Bearer {key.key}".encode())])
    assert (status, read) == (422, True)


async def test_failed_keys_from_one_address_are_answered_429_with_retry_after(
    app: FastAPI, graph: Graph, settings: Settings
) -> None:
    transport = httpx.ASGITransport(app=app, client=("10.2.2.2", 4321))
    async with httpx.AsyncClient(transport=transport, base_url="http://tracegraph.test") as c:
        statuses = [
            (await c.get("/v1/items", headers={"X-API-Key": f"tg_guess{i}"})).status_code
            for i in range(settings.auth_failures_per_minute)
        ]
        refused = await c.get("/v1/items", headers={"X-API-Key": "tg_one-more"})
    assert set(statuses) == {401}
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    cache: KeyCache = app.state.key_cache
    assert cache.is_unknown("tg_guess0")  # not looked up again for a while
    other = httpx.ASGITransport(app=app, client=("10.3.3.3", 1))
    async with httpx.AsyncClient(transport=other, base_url="http://tracegraph.test") as c:
        assert (await c.get("/v1/items", headers={"X-API-Key": "tg_x"})).status_code == 401


@pytest.fixture
async def strict_server(settings: Settings) -> AsyncIterator[tuple[str, int]]:
    """The app on uvicorn with `server_options`, with a 1 s body pause and keep-alive allowed."""
    tight = settings.model_copy(update={"body_read_timeout_seconds": 1.0,
                                        "keep_alive_seconds": 1})  # fmt: skip
    application = create_app(tight)
    async with LifespanManager(application, startup_timeout=60):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        config = uvicorn.Config(application, lifespan="off", log_config=None, access_log=False,
                                **server_options(tight))  # fmt: skip
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            await asyncio.sleep(0.05)
        yield "127.0.0.1", sock.getsockname()[1]
        server.should_exit = True
        await task
        sock.close()


async def _exchange(address: tuple[str, int], data: bytes, pause: float = 0.0,
                    rest: bytes = b"") -> bytes:  # fmt: skip
    reader, writer = await asyncio.open_connection(*address)
    writer.write(data)
    await writer.drain()
    if pause:
        await asyncio.sleep(pause)
        writer.write(rest)
        await writer.drain()
    answer = await asyncio.wait_for(reader.read(65_536), timeout=10)
    writer.close()
    return answer


async def test_headers_over_the_limit_are_refused(
    strict_server: tuple[str, int], settings: Settings
) -> None:
    huge = b"X-Padding: " + b"a" * (settings.max_header_bytes * 2) + b"\r\n"
    answer = await _exchange(strict_server, b"GET /health HTTP/1.1\r\nHost: t\r\n" + huge + b"\r\n")
    assert answer.split(b"\r\n")[0] in (b"HTTP/1.1 400 Bad Request", b"HTTP/1.1 431 ")


async def test_a_body_that_stalls_is_answered_408(
    strict_server: tuple[str, int], client: httpx.AsyncClient
) -> None:
    key = client.headers["authorization"]
    head = (b"POST /v1/postings HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            b"Authorization: " + key.encode() + b"\r\nContent-Length: 100\r\n\r\n")  # fmt: skip
    answer = await _exchange(strict_server, head + b'{"kind":', pause=2.5, rest=b" " * 92)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]


async def test_an_idle_keep_alive_connection_is_closed(strict_server: tuple[str, int]) -> None:
    reader, writer = await asyncio.open_connection(*strict_server)
    writer.write(b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
    await writer.drain()
    assert (await reader.readline()).startswith(b"HTTP/1.1 200")
    await asyncio.sleep(2.5)
    rest = await asyncio.wait_for(reader.read(), timeout=5)  # b"" at once when closed
    assert rest.endswith(b"}") or rest.endswith(b"\n") or rest == b""
    assert reader.at_eof()
    writer.close()
