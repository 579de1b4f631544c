"""Request size and pace limits: a body larger than the limit is refused with 413 before it is
read whole, and one whose next part takes longer than `read_timeout` seconds to arrive with 408.

An ASGI middleware, so it also counts bodies sent without Content-Length (chunked).
"""

import asyncio
import json
import time
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.graph.store import request_deadline


class BodyTooLarge(Exception):
    pass


class BodyTooSlow(HTTPException):
    """An HTTPException, so FastAPI passes it on while it reads a body (other errors there
    become a 400 'error parsing the body')."""

    def __init__(self, seconds: float) -> None:
        super().__init__(408, f"The request body did not arrive within {seconds:g} s; send it "
                              "whole, without pauses.")  # fmt: skip


def _problem(limit: int, path: str) -> bytes:
    return json.dumps({
        "type": "/problems/body-too-large", "title": "Request body too large", "status": 413,
        "detail": f"The request body is larger than {limit} bytes; split it (a document of at "
                  "most 1000 lines, a capture of at most 10000 events).",
        "instance": path, "code": "body-too-large",
    }).encode()  # fmt: skip


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int, read_timeout: float = 30.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout = read_timeout

    async def _refuse(self, scope: Scope, send: Send) -> None:
        body = _problem(self.max_bytes, str(scope.get("path", "")))
        headers: list[Any] = [(b"content-type", b"application/problem+json"),
                              (b"content-length", str(len(body)).encode())]  # fmt: skip
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            try:
                async with asyncio.timeout(self.read_timeout):
                    message = await receive()
            except TimeoutError:
                raise BodyTooSlow(self.read_timeout) from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, send)


class RequestBudget:
    """Gives every request `seconds` from its arrival: each Neo4j transaction it runs gets the
    time left as its timeout (`service.graph.store.request_deadline`), and one that runs out is
    answered 504."""

    def __init__(self, app: ASGIApp, *, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = request_deadline.set(time.monotonic() + self.seconds)
        try:
            await self.app(scope, receive, send)
        finally:
            request_deadline.reset(token)
