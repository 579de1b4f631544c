"""API keys: who may read, post, or administer, and what each route asks for.

A key is `tg_` and 43 random URL-safe characters, shown once when created; only its SHA-256 is
stored (a random 256-bit key needs no slow hash: nothing can be guessed from the digest).
Scopes nest: `admin` grants `post` and `read`, `post` grants `read`.

| scope | routes                                                                          |
|-------|---------------------------------------------------------------------------------|
| read  | every GET; `POST /v1/recalls` (without `block`)                                 |
| post  | postings, EPCIS capture, pack/unpack, drawing numbers, a recall with `block`    |
| admin | master data (codes, items, series, locations, partners, cards), API keys        |
"""

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from service.domain.master_data import Strict

Scope = Literal["read", "post", "admin"]
GRANTS: dict[str, frozenset[str]] = {
    "admin": frozenset({"admin", "post", "read"}),
    "post": frozenset({"post", "read"}),
    "read": frozenset({"read"}),
}
PREFIX = "tg_"
POST_ROUTES = frozenset(
    {
        "/v1/postings",
        "/v1/epcis/capture",
        "/v1/epcis/events",
        "/v1/packages/{package_no:path}/pack",
        "/v1/packages/{package_no:path}/unpack",
        "/v1/number-series/{code}/next",
    }
)
READ_ROUTES = frozenset({"/v1/recalls"})  # a question, though it is a POST


def new_key() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def granted(scopes: Iterable[str]) -> frozenset[str]:
    return frozenset().union(*(GRANTS[s] for s in scopes if s in GRANTS))


def required_scope(method: str, route: str) -> Scope:
    """The scope a request needs, by its method and route template."""
    if method in {"GET", "HEAD", "OPTIONS"} or route in READ_ROUTES:
        return "read"
    if route in POST_ROUTES:
        return "post"
    return "admin"


class ApiKeyCreate(Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    scopes: list[Scope] = Field(min_length=1, max_length=3)


class ApiKey(BaseModel):
    id: str
    name: str
    scopes: list[Scope]
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None


class NewApiKey(ApiKey):
    key: str = Field(description="The key itself: shown this once, only its hash is stored")
