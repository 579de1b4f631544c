"""Authentication before any body is read (an ASGI middleware in front of the routes).

A request to `/v1/...` is refused from its headers alone: without a key 401, with a key that is
unknown or revoked 401, and once a client address has sent `auth_failures_per_minute` such keys
within a minute, 429 with `Retry-After` until the oldest of them is a minute old. Keys are looked
up once per `CACHE_SECONDS` (unknown ones too, so a flood of bad keys does not reach Neo4j). The
key found goes to the route in `request.state.api_key`, where `authorize` checks its scopes.
"""

import datetime as dt
import math
import time
from collections import deque
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.auth import KeyCache, presented_key, record_use
from service.api.problems import send_problem
from service.graph import api_keys
from service.graph.store import UNAVAILABLE_ERRORS, Graph, acting_key

WINDOW_SECONDS = 60.0
HOW_TO_SEND = (
    "Send an API key: 'Authorization: Bearer <key>' or 'X-API-Key: <key>'. "
    "`tracegraph api-key create` makes one."
)
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="tracegraph"'}


@dataclass
class FailedKeys:
    """Failed keys per client address in the last minute."""

    limit: int
    seen: dict[str, deque[float]] = field(default_factory=dict)

    def _recent(self, client: str, now: float) -> deque[float]:
        times = self.seen.get(client, deque())
        while times and times[0] <= now - WINDOW_SECONDS:
            times.popleft()
        return times

    def retry_after(self, client: str) -> int:
        """Seconds until this client may try a key again (0: now)."""
        now = time.monotonic()
        times = self._recent(client, now)
        if len(times) < self.limit:
            return 0
        return max(1, math.ceil(times[0] + WINDOW_SECONDS - now))

    def add(self, client: str) -> None:
        if len(self.seen) > 10_000:
            self.seen.clear()
        now = time.monotonic()
        self.seen[client] = self._recent(client, now)
        self.seen[client].append(now)


class KeyGate:
    def __init__(self, app: ASGIApp, *, required: bool, failures_per_minute: int) -> None:
        self.app = app
        self.required = required
        self.failed = FailedKeys(limit=failures_per_minute)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.required or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        path = str(scope["path"])
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.failed.retry_after(client)
        if wait:
            await send_problem(
                send, path, status=429, title="Too many requests", code="too-many-failed-keys",
                detail=f"Too many unknown or revoked API keys from {client} in the last minute; "
                       f"retry in {wait} s with a valid key.",
                headers={"Retry-After": str(wait)},
            )  # fmt: skip
            return
        key = presented_key(dict(scope["headers"]))
        if key is None:
            await send_problem(send, path, status=401, title="Unauthorized",
                               code="unauthenticated", detail=HOW_TO_SEND,
                               headers=CHALLENGE)  # fmt: skip
            return
        app_state = scope["app"].state
        cache: KeyCache = app_state.key_cache
        found = cache.get(key)
        if found is None and not cache.is_unknown(key):
            graph: Graph = app_state.graph
            try:
                found = await api_keys.find_api_key(graph, key=key)
            except UNAVAILABLE_ERRORS:
                await send_problem(
                    send, path, status=503, title="Service unavailable", code="neo4j-unavailable",
                    detail="The graph database cannot be reached right now; retry shortly.",
                    headers={"Retry-After": "5"},
                )  # fmt: skip
                return
            if found is None:
                cache.put_unknown(key)
            else:
                cache.put(key, found)
                if found.refusal(dt.datetime.now(dt.UTC)) is None:
                    await record_use(graph, found)
        refusal = (
            "This API key is unknown." if found is None
            else found.refusal(dt.datetime.now(dt.UTC))
        )  # fmt: skip
        if found is None or refusal is not None:
            self.failed.add(client)
            await send_problem(send, path, status=401, title="Unauthorized",
                               code="unauthenticated",
                               detail=f"{refusal} Ask an administrator for a new key.",
                               headers=CHALLENGE)  # fmt: skip
            return
        scope.setdefault("state", {})["api_key"] = found
        token = acting_key.set((found.id, found.name))
        try:
            await self.app(scope, receive, send)
        finally:
            acting_key.reset(token)
