"""A lean HTTP/1.1 client for the bench's timed requests: one keep-alive connection, requests
written and answers read with asyncio streams, no other work.

httpx, which the tests use, spends ~2 ms of client CPU on each request (its pure-Python HTTP
state machine, URL and header models). On the bench's one 2-core machine that time lands in
every API latency and is taken from the service and Neo4j while 8 clients post, so it would be
counted against the service. Load generators (wrk, k6) are lean for the same reason."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urlencode, urlsplit

Params = Mapping[str, str | int | float | bool | None]


class HttpError(RuntimeError):
    """The server broke the protocol or the connection."""


@dataclass(frozen=True)
class Answer:
    request: str  # method and target, for messages
    status_code: int
    headers: dict[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode()

    def json(self) -> Any:
        return json.loads(self.content)


class Client:
    """`async with Client(base_url, headers=...) as c: await c.get(path, params=...)`; one
    request at a time, as a user's client sends them. The connection opens on first use and
    again when the server has closed it (uvicorn closes idle ones after 5 s); a request that
    meets a connection closed under it, with nothing answered, goes once more on a new one."""

    def __init__(
        self, base_url: str, *, headers: Mapping[str, str] | None = None, timeout: float = 300
    ) -> None:
        url = urlsplit(base_url)
        if url.scheme != "http" or url.hostname is None:
            raise ValueError(f"an http://host:port URL, not {base_url!r}")
        self._host = url.hostname
        self._port = url.port or 80
        self._timeout = timeout
        fixed = {"Host": url.netloc, "Accept": "application/json", **(headers or {})}
        self._fixed = "".join(f"{k}: {v}\r\n" for k, v in fixed.items())
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        # Seconds spent in requests, from the first byte sent to the answer's last byte read:
        # what HTTP load tools time as a request's duration (k6's http_req_duration, wrk's
        # latency), without the caller's decoding of the answer.
        self.waited = 0.0

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            try:
                await self._writer.wait_closed()
            except OSError:
                pass
        self._reader = self._writer = None

    async def get(self, path: str, *, params: Params | None = None) -> Answer:
        query = urlencode({k: v for k, v in (params or {}).items() if v is not None})
        return await self.request("GET", f"{path}?{query}" if query else path)

    async def post(self, path: str, *, json: Any) -> Answer:
        return await self.request("POST", path, _dumps(json))

    async def request(self, method: str, target: str, body: bytes | None = None) -> Answer:
        head = f"{method} {target} HTTP/1.1\r\n{self._fixed}"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        message = (head + "\r\n").encode("latin-1") + (body or b"")
        request = f"{method} {target}"
        began = time.perf_counter()
        async with asyncio.timeout(self._timeout):
            for attempt in (1, 2):
                reader, writer, reused = await self._connection()
                try:
                    writer.write(message)
                    await writer.drain()
                    answer, keep = await _read_answer(reader, request)
                    break
                except (asyncio.IncompleteReadError, ConnectionError) as error:
                    await self.close()
                    unanswered = not isinstance(error, asyncio.IncompleteReadError) or (
                        not error.partial
                    )
                    if reused and unanswered and attempt == 1:
                        # The server closed the idle connection as the request went out (the
                        # close is only seen once the event loop runs, and the bench's
                        # PostgreSQL calls hold it): nothing was answered, so send it again.
                        continue
                    raise HttpError(f"{request}: the connection broke: {error!r}") from error
        if not keep:
            await self.close()
        self.waited += time.perf_counter() - began
        return answer

    async def _connection(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, bool]:
        """The open connection, or a new one; and whether it is one that served before."""
        if self._reader is not None and self._reader.at_eof():
            await self.close()  # the server closed it while idle
        if self._reader is not None and self._writer is not None:
            return self._reader, self._writer, True
        self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
        return self._reader, self._writer, False


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


async def _read_answer(reader: asyncio.StreamReader, request: str) -> tuple[Answer, bool]:
    """The answer and whether the connection stays open after it."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    parts = head[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise HttpError(f"not an HTTP/1.x status line: {head[0]!r}")
    headers: dict[str, str] = {}
    for line in head[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    try:
        if headers.get("transfer-encoding", "").lower() == "chunked":
            content = await _read_chunks(reader)
        else:
            content = await reader.readexactly(int(headers.get("content-length", "0")))
    except asyncio.IncompleteReadError as error:
        raise HttpError(f"{request}: the answer broke off after its head") from error
    keep = headers.get("connection", "").lower() != "close" and parts[0] == "HTTP/1.1"
    return Answer(request, int(parts[1]), headers, content), keep


async def _read_chunks(reader: asyncio.StreamReader) -> bytes:
    chunks: list[bytes] = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":
                pass  # trailers
            return b"".join(chunks)
        chunks.append(await reader.readexactly(size))
        await reader.readexactly(2)
