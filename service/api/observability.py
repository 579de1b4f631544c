"""Request ids, access log lines and request latency (an ASGI middleware), and `GET /metrics`."""

import logging
import re
import time
import uuid

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.logs import request_id
from service.metrics import REQUEST_SECONDS

HEADER = "x-request-id"
# A caller's id is kept when it is short and plain; anything else is replaced by a new one.
_ACCEPTABLE_ID = re.compile(r"[A-Za-z0-9._:/+=@-]{1,128}")
access = logging.getLogger("tracegraph.access")
router = APIRouter(tags=["operations"])


@router.get("/metrics", include_in_schema=False)
async def metrics() -> Response:
    """Prometheus exposition of the service's metrics."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class RequestMiddleware:
    """Takes the request id from `X-Request-ID` (or makes one) and echoes it in the response;
    times the request by its route template; writes one JSON access line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(HEADER.encode(), b"").decode("latin-1")
        rid = given if _ACCEPTABLE_ID.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (HEADER.encode(), rid.encode("latin-1"))]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            key = scope.get("state", {}).get("api_key")
            method = scope["method"]
            REQUEST_SECONDS.labels(method=method, route=route, status=str(status)).observe(seconds)
            access.info(
                "%s %s %s",
                method,
                scope["path"],
                status,
                extra={"method": method, "route": route, "status": status,
                       "duration_ms": round(seconds * 1000, 2),
                       "api_key_id": getattr(key, "id", None)},
            )  # fmt: skip
            request_id.reset(token)
