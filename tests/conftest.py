"""Fixtures: one real Neo4j for the session (found by `service.neo4j_local.neo4j_target`), an app
on it, and a database wiped before every test that touches the graph."""

import asyncio
import fcntl
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from pydantic import SecretStr

from service.domain.api_keys import ApiKeyCreate
from service.graph.admin import delete_all_data
from service.graph.api_keys import create_api_key
from service.graph.health import get_components
from service.graph.store import Graph
from service.main import create_app
from service.neo4j_local import LocalNeo4jConfig, Neo4jTarget, neo4j_target
from service.settings import Settings

KEEP_ALIVE_SECONDS = 1
LOCK = LocalNeo4jConfig.from_env("test").home / "test-session.lock"


@contextmanager
def _one_session_at_a_time() -> Iterator[None]:
    """Every test wipes the database, so two pytest sessions on one Neo4j would trample each
    other: a second session waits here until the first is done."""
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with LOCK.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _announce(request: pytest.FixtureRequest, line: str) -> None:
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(line)


@pytest.fixture(scope="session")
def neo4j(request: pytest.FixtureRequest) -> Iterator[Neo4jTarget]:
    with _one_session_at_a_time(), neo4j_target(instance="test") as target:
        _announce(request, f"\nNeo4j for the tests via {target.origin}: {target.detail}")
        yield target


@pytest.fixture(scope="session")
def settings(neo4j: Neo4jTarget) -> Settings:
    return Settings(
        NEO4J_URI=neo4j.uri,
        NEO4J_USERNAME=neo4j.username,
        NEO4J_PASSWORD=SecretStr(neo4j.password),
    )


@pytest.fixture(scope="session")
async def app(settings: Settings, request: pytest.FixtureRequest) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with LifespanManager(application, startup_timeout=120):
        found = await get_components(application.state.graph)
        _announce(request, f"Neo4j {found.version} {found.edition} answers at {settings.neo4j_uri}")
        yield application


@pytest.fixture
async def graph(app: FastAPI) -> Graph:
    """The app's graph, on a database emptied of data (the schema stays)."""
    graph: Graph = app.state.graph
    await delete_all_data(graph)
    return graph


@pytest.fixture
async def client(app: FastAPI, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    """A client with an admin API key, as an integrator with every scope would call."""
    key = await create_api_key(graph, request=ApiKeyCreate(name="tests", scopes=["admin"]))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://tracegraph.test",
        headers={"Authorization": f"Bearer {key.key}"},
    ) as c:
        yield c


@pytest.fixture
async def anonymous(app: FastAPI, graph: Graph) -> AsyncIterator[httpx.AsyncClient]:
    """A client without an API key."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://tracegraph.test") as c:
        yield c


@pytest.fixture
async def served(app: FastAPI, graph: Graph) -> AsyncIterator[str]:
    """The test app on a free local port (its lifespan already runs under the `app` fixture),
    closing idle connections after `KEEP_ALIVE_SECONDS`."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_config=None, access_log=False,
                            timeout_keep_alive=KEEP_ALIVE_SECONDS)  # fmt: skip
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task
    sock.close()
