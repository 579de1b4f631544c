"""M6 and L5: who acted. Documents, blocks, unblocks, packing, recalls that block and API key
actions record the acting key's id and name beside the optional user text; the access log names
the key; Idempotency-Keys belong to the API key that sent them and expire."""

import logging
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from service.demo import seed
from service.graph.store import Graph
from tests.api.posting_helpers import lots, post


async def _keyed(app: FastAPI, client: httpx.AsyncClient, name: str) -> httpx.AsyncClient:
    made = await client.post("/v1/api-keys", json={"name": name, "scopes": ["admin"]})
    assert made.status_code == 201, made.text
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    headers = {"Authorization": f"Bearer {made.json()['key']}"}
    keyed = httpx.AsyncClient(transport=transport, base_url="http://tracegraph.test",
                              headers=headers)  # fmt: skip
    keyed.key_id = made.json()["id"]  # type: ignore[attr-defined]
    return keyed


async def _one(graph: Graph, query: str) -> dict[str, Any]:
    records, _, _ = await graph.driver.execute_query(query, database_=graph.database)
    assert len(records) == 1, records
    return dict(records[0])


async def test_each_action_records_the_key_that_acted(
    app: FastAPI, client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    erp = await _keyed(app, client, "erp")
    key_id: str = erp.key_id  # type: ignore[attr-defined]
    async with erp:
        assert (
            await post(erp, "purchase_receipt", "PR-1", [lots("1928-S", "L1", 5)])
        ).status_code == 201
        blocked = await erp.post("/v1/lots/1928-S/L1/block", json={"user": "qa", "reason": "hold"})
        unblocked = await erp.post("/v1/lots/1928-S/L1/unblock",
                                   json={"user": "qa", "reason": "ok"})  # fmt: skip
        contents = [{"item_no": "1928-S", "lot_no": "L1", "quantity": 5}]
        packed = await erp.post("/v1/packages/BOX1/pack",
                                json={"user": "anna", "contents": contents})  # fmt: skip
        recall = await erp.post("/v1/recalls", json={
            "recall_no": "RC-1", "reason": "mould", "user": "qa", "block": True,
            "numbers": [{"lot_no": "L1"}]})  # fmt: skip
        other = await erp.post("/v1/api-keys", json={"name": "scanner", "scopes": ["read"]})
        revoked = await erp.delete(f"/v1/api-keys/{other.json()['id']}")
        audit = await erp.get("/v1/lots/1928-S/L1/audit")
    for response in (blocked, unblocked, packed, recall, other, revoked):
        assert response.status_code in (200, 201, 204), response.text

    document = await _one(graph, "MATCH (d:Document {documentNo: 'PR-1'}) "
                                 "RETURN d.apiKeyId AS id, d.apiKeyName AS name")  # fmt: skip
    assert document == {"id": key_id, "name": "erp"}
    records = audit.json()["items"]
    by_action = {(r["action"], r["reason"]): r for r in records}
    for action in (("block", "hold"), ("unblock", "ok")):
        assert by_action[action]["api_key_id"] == key_id
        assert by_action[action]["api_key_name"] == "erp"
        assert by_action[action]["user"] == "qa"  # the person's text stays beside it
    recalled = [r for r in records if r["reason"].startswith("Recall RC-1")]
    assert [r["api_key_name"] for r in recalled] == ["erp"]
    edge = await _one(graph, "MATCH (:Lot {lotNo: 'L1'})-[r:IN_PACKAGE]->(:Package) "
                             "RETURN r.packedByKeyId AS id, r.packedBy AS user")  # fmt: skip
    assert edge == {"id": key_id, "user": "anna"}
    scanner_id = other.json()["id"]
    query = f"MATCH (k:ApiKey {{id: '{scanner_id}'}}) RETURN k.createdByKeyId AS made, "
    scanner = await _one(graph, query + "k.revokedByKeyId AS revoked")
    assert scanner == {"made": key_id, "revoked": key_id}


async def test_the_access_log_names_the_key(
    app: FastAPI, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    erp = await _keyed(app, client, "erp")
    with caplog.at_level(logging.INFO, logger="tracegraph.access"):
        async with erp:
            await erp.get("/v1/items")
    access = [r for r in caplog.records if r.name == "tracegraph.access"]
    lines = [r for r in access if r.getMessage().startswith("GET /v1/items")]
    assert [getattr(r, "api_key_id", None) for r in lines] == [erp.key_id]  # type: ignore[attr-defined]


async def test_an_idempotency_key_belongs_to_the_api_key_that_sent_it(
    app: FastAPI, client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    first, second = await _keyed(app, client, "erp"), await _keyed(app, client, "wms")
    headers = {"Idempotency-Key": "same-value"}
    async with first, second:
        a = await post(
            first, "purchase_receipt", "PR-1", [lots("1928-S", "L1", 1)], headers=headers
        )
        b = await post(
            second, "purchase_receipt", "PR-2", [lots("1928-S", "L2", 1)], headers=headers
        )
        again = await post(
            first, "purchase_receipt", "PR-1", [lots("1928-S", "L1", 1)], headers=headers
        )
    assert (a.status_code, b.status_code) == (201, 201), b.text  # not 409 idempotency-key-reused
    assert "idempotent-replayed" not in b.headers
    assert again.headers["idempotent-replayed"] == "true"


async def test_an_idempotency_key_expires(
    app: FastAPI, client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    headers = {"Idempotency-Key": "k-1"}
    first = await post(
        client, "purchase_receipt", "PR-1", [lots("1928-S", "L1", 1)], headers=headers
    )
    assert first.status_code == 201
    await graph.driver.execute_query(  # a day and a second later
        "MATCH (k:IdempotencyKey) SET k.createdAt = k.createdAt - duration('PT24H1S')",
        database_=graph.database,
    )
    later = await post(
        client, "purchase_receipt", "PR-2", [lots("1928-S", "L2", 1)], headers=headers
    )
    assert later.status_code == 201, later.text  # a new request, not a 409 for another body
    assert "idempotent-replayed" not in later.headers
