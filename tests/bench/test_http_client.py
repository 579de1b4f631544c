"""The bench's lean HTTP client gets what httpx gets from the served app: the same answers,
refusals with their status, one connection kept alive across requests and opened again once
the server has closed it; and it reads chunked answers and refuses what is not HTTP."""

import asyncio
import contextlib
from typing import Any

import httpx
import pytest

from bench.http_client import Client, HttpError, _read_answer
from service.demo import load_demo
from service.settings import Settings
from tests.conftest import KEEP_ALIVE_SECONDS

RECEIPT: dict[str, Any] = {
    "kind": "purchase_receipt", "document_no": "PR-LEAN-1", "posting_date": "2026-11-02",
    "vendor_no": "V20000",
    "lines": [{"item_no": "1910-S", "location_code": "MAIN", "quantity": 6,
               "tracking": [{"lot_no": "LOT-LEAN-1", "quantity": 6}]}],
}  # fmt: skip


async def test_lean_client_answers_as_httpx_and_keeps_its_connection(
    served: str, client: httpx.AsyncClient, settings: Settings
) -> None:
    await load_demo(settings)
    key = client.headers["Authorization"].removeprefix("Bearer ")
    params = {"serial_no": "1001", "method": "origin-to-usage", "show_components": "all"}
    expected = (await client.get("/v1/trace", params=params)).json()
    async with Client(served, headers={"Authorization": f"Bearer {key}"}) as lean:
        trace = await lean.get("/v1/trace", params={**params, "offset": None})
        assert (trace.status_code, trace.json()) == (200, expected)
        assert trace.headers["content-type"] == "application/json"

        posted = await lean.post("/v1/postings", json=RECEIPT)
        assert posted.status_code == 201
        assert [e["lot_no"] for e in posted.json()["entries"]] == ["LOT-LEAN-1"]
        again = await lean.post("/v1/postings", json=RECEIPT)
        assert again.status_code == 409
        assert again.json()["code"] == "document-already-posted"
        assert "POST /v1/postings" in again.request
        connection = lean._writer
        missing = await lean.get("/v1/packages/NO-SUCH-PACKAGE")
        assert missing.status_code == 404
        assert lean._writer is connection, "one keep-alive connection for every request"

        await asyncio.sleep(KEEP_ALIVE_SECONDS + 0.5)  # the server closes the idle connection
        trace = await lean.get("/v1/trace", params=params)
        assert (trace.status_code, trace.json()) == (200, expected)
        assert lean._writer is not connection


async def _answer(raw: bytes) -> tuple[int, bytes, bool]:
    reader = asyncio.StreamReader()
    reader.feed_data(raw)
    reader.feed_eof()
    answer, keep = await _read_answer(reader, "GET /")
    return answer.status_code, answer.content, keep


async def test_lean_client_reads_chunked_and_closing_answers() -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"4\r\n[1, \r\n3;ext=1\r\n2]\n\r\n0\r\nTrailer: x\r\n\r\n"
    )
    assert await _answer(chunked) == (200, b"[1, 2]\n", True)
    closing = b"HTTP/1.1 503 Unavailable\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}"
    assert await _answer(closing) == (503, b"{}", False)
    with pytest.raises(HttpError, match=r"not an HTTP/1\.x status line"):
        await _answer(b"SSH-2.0-OpenSSH\r\n\r\n")
    with pytest.raises(HttpError, match="broke off after its head"):
        await _answer(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}")


async def test_lean_client_sends_again_what_an_idle_connection_lost() -> None:
    """The server answers the first request, then closes that connection as the next one
    arrives, unanswered (an idle close the client had not seen yet): the client sends it again
    on a new connection. That one is closed while idle, and seen closed; a request that the
    connection opened after it loses is not sent again."""
    connections = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        number = connections
        with contextlib.suppress(asyncio.IncompleteReadError):  # (or the client hangs up)
            await reader.readuntil(b"\r\n\r\n")
            if number < 3:
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
                await writer.drain()
            if number == 1:
                await reader.readuntil(b"\r\n\r\n")  # the next request, not answered
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server, Client(f"http://127.0.0.1:{port}") as lean:
        assert (await lean.get("/first")).json() == {}
        assert (await lean.post("/second", json={"n": 2})).json() == {}
        assert connections == 2
        await asyncio.sleep(0.2)  # the second connection's close reaches the client
        with pytest.raises(HttpError, match="GET /third: the connection broke"):
            await lean.get("/third")
        assert connections == 3


async def test_lean_client_refuses_other_schemes() -> None:
    with pytest.raises(ValueError, match="http://host:port"):
        Client("https://example.org")


async def test_lean_client_times_the_exchange_not_the_callers_decoding() -> None:
    """`waited` adds up each request from its first byte sent to its answer's last byte read
    (the bench's API time); what the caller does with the answer afterwards is not in it."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(asyncio.IncompleteReadError):
            while True:
                await reader.readuntil(b"\r\n\r\n")
                await asyncio.sleep(0.1)  # the server's work
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
                await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server, Client(f"http://127.0.0.1:{port}") as lean:
        assert lean.waited == 0
        await lean.get("/one")
        first = lean.waited
        assert 0.1 <= first < 1
        await asyncio.sleep(0.3)  # the caller decoding the answer
        assert lean.waited == first
        await lean.get("/two")
        assert 0.2 <= lean.waited < first + 1
