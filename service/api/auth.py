"""Who is asking: the API key of a request, and whether its scopes allow the route.

A key travels as `Authorization: Bearer <key>` or `X-API-Key: <key>`. Keys found are cached for
`CACHE_SECONDS`, so a revocation takes effect in this process at once (the revoking request
clears the entry) and in others within that time; an expiry takes effect at its instant. A key
found in the graph (not in the cache) has its `last_used_at` set, so that time is exact to
within `CACHE_SECONDS` per process; a failure to record it is logged and does not refuse the
request.
"""

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from service.api.deps import get_app_settings, get_graph
from service.domain.api_keys import ApiKey, Scope, granted, required_scope
from service.errors import Forbidden, Unauthorized
from service.graph import api_keys
from service.graph.store import Graph

CACHE_SECONDS = 10.0
log = logging.getLogger(__name__)


@dataclass
class KeyCache:
    found: dict[str, tuple[ApiKey, float]] = field(default_factory=dict)
    unknown: dict[str, float] = field(default_factory=dict)

    def is_unknown(self, key: str) -> bool:
        """True while a key looked up and not found is remembered as unknown."""
        until = self.unknown.get(key)
        return until is not None and until >= time.monotonic()

    def put_unknown(self, key: str) -> None:
        if len(self.unknown) > 10_000:
            self.unknown.clear()
        self.unknown[key] = time.monotonic() + CACHE_SECONDS

    def get(self, key: str) -> ApiKey | None:
        hit = self.found.get(key)
        if hit is None or hit[1] < time.monotonic():
            return None
        return hit[0]

    def put(self, key: str, value: ApiKey) -> None:
        if len(self.found) > 10_000:
            self.found.clear()
        self.found[key] = (value, time.monotonic() + CACHE_SECONDS)
        self.unknown.pop(key, None)

    def forget(self, key_id: str) -> None:
        for key in [k for k, (v, _) in self.found.items() if v.id == key_id]:
            del self.found[key]


async def key_cache(request: Request) -> KeyCache:
    cache: KeyCache = request.app.state.key_cache
    return cache


def presented_key(headers: dict[bytes, bytes]) -> str | None:
    """The key in a request's raw headers, if any."""
    header = headers.get(b"authorization", b"").decode("latin-1")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return headers.get(b"x-api-key", b"").decode("latin-1") or None


async def authorize(request: Request) -> None:
    """Refuse the request unless it carries a live key with the scope its route needs. It runs
    before every route, so it reads the settings and the graph itself rather than as two more
    dependencies to resolve."""
    if not (await get_app_settings(request)).api_keys_required:
        return
    checked: ApiKey | None = getattr(request.state, "api_key", None)  # by `gate.KeyGate`
    if checked is not None:
        _check_scope(request, checked)
        return
    key = presented_key(dict(request.scope["headers"]))
    if key is None:
        raise Unauthorized(
            "Send an API key: 'Authorization: Bearer <key>' or 'X-API-Key: <key>'. "
            "`tracegraph api-key create` makes one."
        )
    cache = await key_cache(request)
    found = cache.get(key)
    if found is None:
        graph = await get_graph(request)
        found = await api_keys.find_api_key(graph, key=key)
        if found is None:
            raise Unauthorized("This API key is unknown.")
        cache.put(key, found)
        if found.refusal(dt.datetime.now(dt.UTC)) is None:
            await record_use(graph, found)
    refusal = found.refusal(dt.datetime.now(dt.UTC))
    if refusal is not None:
        raise Unauthorized(f"{refusal} Ask an administrator for a new key.")
    _check_scope(request, found)
    request.state.api_key = found


def _check_scope(request: Request, found: ApiKey) -> None:
    route = getattr(request.scope.get("route"), "path", None) or request.url.path
    needed = required_scope(request.method, route)
    if route.startswith("/v1/api-keys"):
        needed = "admin"
    if needed not in granted(found.scopes):
        raise Forbidden(
            f"API key '{found.name}' has scopes {', '.join(found.scopes)}; "
            f"{request.method} {route} needs '{needed}'.",
            required_scope=needed,
        )


async def record_use(graph: Graph, found: ApiKey) -> None:
    """Set the key's `last_used_at` (a failure is logged, never refuses the request)."""
    try:
        await api_keys.touch_api_key(graph, key_id=found.id)
    except Exception:  # the request is answered all the same; the log says what was missed
        log.warning("could not record the use of API key %s", found.id, exc_info=True)


def require(request: Request, scope: Scope) -> None:
    """For a handler whose body decides the scope (a recall that blocks stock needs `post`)."""
    found: ApiKey | None = getattr(request.state, "api_key", None)
    if found is not None and scope not in granted(found.scopes):
        raise Forbidden(f"API key '{found.name}' lacks the '{scope}' scope this request needs.",
                        required_scope=scope)  # fmt: skip


Authorized = [Depends(authorize)]
CacheDep = Annotated[KeyCache, Depends(key_cache)]
