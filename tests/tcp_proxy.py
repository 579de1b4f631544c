"""A loopback TCP proxy the tests can cut and restore, to make Neo4j vanish and come back
without touching the real server."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from service.main import create_app
from service.settings import Settings


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def open(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        """Refuse new connections and drop the open ones, as a dead server would."""
        if self._server is None:
            return
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        await self._server.wait_closed()
        self._server = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self._writers |= {writer, up_writer}
        try:
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        finally:
            self._writers -= {writer, up_writer}

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.transport.abort()


@contextlib.asynccontextmanager
async def app_behind_proxy(settings: Settings) -> AsyncIterator[tuple[TcpProxy, FastAPI]]:
    """The service reaching the tests' Neo4j through a proxy the test can cut."""
    assert settings.neo4j_uri is not None
    target = urlsplit(settings.neo4j_uri)
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 7687)
    await proxy.open()
    app = create_app(settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{proxy.port}"}))
    try:
        async with LifespanManager(app, startup_timeout=60):
            yield proxy, app
    finally:
        await proxy.cut()


@contextlib.asynccontextmanager
async def client_behind_proxy(
    settings: Settings, key: str, *, timeout: float = 60
) -> AsyncIterator[tuple[TcpProxy, httpx.AsyncClient]]:
    """A client calling, with the API `key`, a service whose Neo4j is behind a proxy."""
    async with app_behind_proxy(settings) as (proxy, app):
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {key}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://t",
                                     headers=headers, timeout=timeout) as client:  # fmt: skip
            yield proxy, client
