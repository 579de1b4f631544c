"""API keys: 401 without a key, 403 with the wrong scope, keys stored hashed, revocation."""

import asyncio
import datetime as dt

import httpx
import pytest

from service.demo import seed
from service.domain.api_keys import key_hash
from service.graph.store import Graph
from tests.api.posting_helpers import lots


async def _key(client: httpx.AsyncClient, *scopes: str) -> dict[str, str]:
    response = await client.post("/v1/api-keys", json={"name": "-".join(scopes), "scopes": scopes})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['key']}"}


async def test_a_request_without_a_key_is_401_and_says_how_to_send_one(
    anonymous: httpx.AsyncClient,
) -> None:
    response = await anonymous.get("/v1/items")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["detail"]
    assert (await anonymous.get("/health")).status_code == 200, "health needs no key"


async def test_an_unknown_key_is_401(anonymous: httpx.AsyncClient) -> None:
    response = await anonymous.get("/v1/items", headers={"X-API-Key": "tg_not-a-key"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("scope", "method", "path", "allowed"),
    [
        ("read", "GET", "/v1/items", True),
        ("read", "POST", "/v1/postings", False),
        ("read", "POST", "/v1/items", False),
        ("post", "POST", "/v1/postings", True),
        ("post", "POST", "/v1/epcis/capture", True),
        ("post", "GET", "/v1/trace?lot_no=L1", True),
        ("post", "POST", "/v1/items", False),
        ("post", "GET", "/v1/api-keys", False),
        ("admin", "POST", "/v1/items", True),
        ("admin", "GET", "/v1/api-keys", True),
    ],
)
async def test_each_scope_reaches_its_routes_and_no_others(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    scope: str,
    method: str,
    path: str,
    allowed: bool,
) -> None:
    headers = await _key(client, scope)
    response = await anonymous.request(method, path, headers=headers, json={})
    if allowed:
        assert response.status_code not in {401, 403}, response.text
    else:
        assert response.status_code == 403
        assert response.json()["required_scope"] in {"post", "admin"}
        assert scope in response.json()["detail"]


async def test_a_recall_that_blocks_stock_needs_the_post_scope(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    await client.post("/v1/postings", json={"kind": "purchase_receipt", "document_no": "PR-1",
                      "posting_date": "2026-11-02", "vendor_no": "V20000",
                      "lines": [lots("1910-S", "L1", 5)]})  # fmt: skip
    reader = await _key(client, "read")
    body = {"recall_no": "RC-1", "reason": "test", "user": "qa", "numbers": [{"lot_no": "L1"}]}
    assert (await anonymous.post("/v1/recalls", json=body, headers=reader)).status_code == 200
    blocking = await anonymous.post("/v1/recalls", json={**body, "block": True}, headers=reader)
    assert blocking.status_code == 403
    poster = await _key(client, "post")
    done = await anonymous.post("/v1/recalls", json={**body, "block": True}, headers=poster)
    assert done.status_code == 200
    assert done.json()["blocked_now"]


async def test_keys_are_stored_hashed_and_revocation_stops_them(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, graph: Graph
) -> None:
    created = await client.post("/v1/api-keys", json={"name": "erp", "scopes": ["post"]})
    key = created.json()["key"]
    assert key.startswith("tg_")
    assert len(key) > 40
    stored = await graph.driver.execute_query(
        "MATCH (k:ApiKey {id: $id}) RETURN properties(k) AS props",
        id=created.json()["id"],
        database_=graph.database,
    )
    props = stored.records[0]["props"]
    assert key not in props.values()
    assert props["hash"] == key_hash(key)
    listed = (await client.get("/v1/api-keys")).json()
    assert all("key" not in k and "hash" not in k for k in listed)

    headers = {"X-API-Key": key}
    assert (await anonymous.get("/v1/items", headers=headers)).status_code == 200
    revoked = await client.delete(f"/v1/api-keys/{created.json()['id']}")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert (await anonymous.get("/v1/items", headers=headers)).status_code == 401


async def test_an_expired_key_is_refused_saying_when_it_expired(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, graph: Graph
) -> None:
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1.5)
    created = await client.post(
        "/v1/api-keys", json={"name": "temp", "scopes": ["read"], "expires_at": soon.isoformat()}
    )
    assert created.status_code == 201, created.text
    headers = {"X-API-Key": created.json()["key"]}
    assert (await anonymous.get("/v1/items", headers=headers)).status_code == 200

    await asyncio.sleep(2)  # the key cache holds it; the expiry applies all the same

    refused = await anonymous.get("/v1/items", headers=headers)
    assert refused.status_code == 401
    assert "API key 'temp' expired at" in refused.json()["detail"]


async def test_a_key_cannot_be_made_already_expired(client: httpx.AsyncClient) -> None:
    past = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat()
    response = await client.post(
        "/v1/api-keys", json={"name": "old", "scopes": ["read"], "expires_at": past}
    )
    assert response.status_code == 422
    assert "expires_at must be in the future" in response.text


async def test_listing_shows_when_each_key_was_last_used(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    created = (await client.post("/v1/api-keys", json={"name": "erp", "scopes": ["read"]})).json()
    unused = {k["id"]: k for k in (await client.get("/v1/api-keys")).json()}[created["id"]]
    assert unused["last_used_at"] is None
    before = dt.datetime.now(dt.UTC)

    await anonymous.get("/v1/items", headers={"X-API-Key": created["key"]})

    used = {k["id"]: k for k in (await client.get("/v1/api-keys")).json()}[created["id"]]
    assert dt.datetime.fromisoformat(used["last_used_at"]) >= before - dt.timedelta(seconds=1)
