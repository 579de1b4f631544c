"""API keys: who may read, post, or administer, and what each route asks for.

A key is `tg_` and 43 random URL-safe characters, shown once when created; only its SHA-256 is
stored (a random 256-bit key needs no slow hash: nothing can be guessed from the digest). A key
has a name, may expire (`expires_at`; refused from then on, as a revoked one), and records when
it was last used (`last_used_at`, written at most once per key cache period per process).
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

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints, field_validator

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
    expires_at: AwareDatetime | None = Field(
        default=None, description="When the key stops working (none: it does not expire)"
    )

    @field_validator("expires_at")
    @classmethod
    def _in_the_future(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value <= dt.datetime.now(dt.UTC):
            raise ValueError("expires_at must be in the future")
        return value


class ApiKey(BaseModel):
    id: str
    name: str
    scopes: list[Scope]
    created_at: dt.datetime
    expires_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    last_used_at: dt.datetime | None = None

    def refusal(self, now: dt.datetime) -> str | None:
        """Why the key may not be used at `now`, or None when it may."""
        if self.revoked_at is not None:
            return f"API key '{self.name}' was revoked at {self.revoked_at.isoformat()}."
        if self.expires_at is not None and self.expires_at <= now:
            return f"API key '{self.name}' expired at {self.expires_at.isoformat()}."
        return None


class NewApiKey(ApiKey):
    key: str = Field(description="The key itself: shown this once, only its hash is stored")
