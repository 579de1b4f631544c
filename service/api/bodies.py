"""Large JSON bodies parsed off the event loop.

FastAPI parses a request's JSON with `request.json()` on the event loop; a 19 MB document takes
~0.2 s there, in which no other request (not even `/health`) is answered. The routes that take
large documents (postings, EPCIS capture) use `OffLoopJsonRoute`, whose requests parse bodies
over `THRESHOLD_BYTES` in a worker thread.
"""

import asyncio
import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

THRESHOLD_BYTES = 256 * 1024


class OffLoopJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            if len(body) > THRESHOLD_BYTES:
                self._json = await asyncio.to_thread(json.loads, body)
            else:
                self._json = json.loads(body)
        return self._json


class OffLoopJsonRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            return await handler(OffLoopJsonRequest(request.scope, request.receive, request._send))

        return route
