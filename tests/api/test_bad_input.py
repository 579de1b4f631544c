"""Bad input: oversized bodies are refused with 413, and text meant as Cypher injection is stored
verbatim and harms nothing (values always travel as parameters)."""

import httpx
import pytest

from service.demo import seed
from service.graph.store import Graph
from tests.api.posting_helpers import post

INJECTIONS = [
    "1001'}) DETACH DELETE n //",
    '1001"}) MATCH (n) DETACH DELETE n //',
    "x` DETACH DELETE n //",
    "$p} RETURN 1 UNION MATCH (n) DETACH DELETE n //",
    "\\'; CALL db.clearQueryCaches() //",
]


async def _count(graph: Graph) -> int:
    result = await graph.driver.execute_query(
        "MATCH (n) RETURN count(n) AS n", database_=graph.database
    )
    count: int = result.records[0]["n"]
    return count


async def test_a_body_over_the_limit_is_413_before_it_is_read(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/postings",
        content=b"x" * 20_000_001,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["code"] == "body-too-large"


@pytest.mark.parametrize("text", INJECTIONS)
async def test_cypher_in_every_text_field_is_stored_verbatim_and_harms_nothing(
    client: httpx.AsyncClient, graph: Graph, text: str
) -> None:
    await seed(graph)
    item = await client.post("/v1/items", json={"no": "INJ", "description": text,
                                                "item_tracking_code": "LOTALL"})  # fmt: skip
    assert item.status_code == 201, item.text
    customer = await client.post("/v1/customers", json={"no": "C-INJ", "name": text})
    assert customer.status_code == 201
    before = await _count(graph)
    receipt = await post(client, "purchase_receipt", "PR-INJ", [
        {"item_no": "INJ", "location_code": "MAIN", "quantity": 2,
         "tracking": [{"lot_no": text, "quantity": 2}]},
    ], external_document_no=text[:35])  # fmt: skip
    assert receipt.status_code == 201, receipt.text
    shipment = await post(client, "sales_shipment", "SS-INJ", [
        {"item_no": "INJ", "location_code": "MAIN", "quantity": 1,
         "tracking": [{"lot_no": text, "quantity": 1}]},
    ], customer_no="C-INJ")  # fmt: skip
    assert shipment.status_code == 201, shipment.text
    assert await _count(graph) > before, "the postings added nodes; nothing was deleted"

    entries = (await client.get("/v1/ledger-entries", params={"lot_no": text})).json()["items"]
    assert [e["lot_no"] for e in entries] == [text, text]
    assert (await client.get("/v1/items/INJ")).json()["description"] == text
    traced = (await client.get("/v1/trace", params={"lot_no": text})).json()
    assert {r["lot_no"] for r in traced["rows"]} == {text}
    recall = await client.post("/v1/recalls", json={
        "recall_no": "RC-INJ", "reason": text, "user": text[:50], "numbers": [{"lot_no": text}],
        "block": True})  # fmt: skip
    assert recall.status_code == 200, recall.text
    assert recall.json()["customers"][0]["customer_no"] == "C-INJ"
    lots = (await client.get("/v1/lots", params={"item_no": "INJ"})).json()["items"]
    assert [(lot["lot_no"], lot["blocked"]) for lot in lots] == [(text, True)]
    assert (await client.get("/v1/items/1900-S")).status_code == 200, "the demo data is intact"


async def test_a_long_trace_and_recall_come_in_pages_with_a_continuation(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    serials = [f"P{i:03d}" for i in range(12)]
    received = await post(client, "purchase_receipt", "PR-PAGE", [
        {"item_no": "1900-S", "location_code": "MAIN", "quantity": len(serials),
         "tracking": [{"serial_no": s, "lot_no": "LP"} for s in serials]}])  # fmt: skip
    assert received.status_code == 201
    shipped = await post(client, "sales_shipment", "SS-PAGE", [
        {"item_no": "1900-S", "location_code": "MAIN", "quantity": 5,
         "tracking": [{"serial_no": s, "lot_no": "LP"} for s in serials[:5]]}])  # fmt: skip
    assert shipped.status_code == 201

    whole = await client.get("/v1/trace", params={"lot_no": "LP", "method": "origin-to-usage"})
    everything = whole.json()["rows"]
    assert whole.json()["total_rows"] == len(everything) == 17
    pages, offset = [], 0
    while offset is not None:
        params: dict[str, str | int] = {"lot_no": "LP", "method": "origin-to-usage", "limit": 5,
                                        "offset": offset}  # fmt: skip
        page = (await client.get("/v1/trace", params=params)).json()
        assert len(page["rows"]) <= 5
        assert len(page["graph"]["nodes"]) == len(page["rows"])
        pages.extend(page["rows"])
        offset = page["next_offset"]
    assert pages == everything

    body = {"recall_no": "RC-P", "reason": "paging", "user": "qa", "numbers": [{"lot_no": "LP"}]}
    first = (await client.post("/v1/recalls", params={"limit": 4}, json=body)).json()
    assert (len(first["affected"]), len(first["on_hand"]), first["next_offset"]) == (4, 4, 4)
    assert len(first["customers"][0]["shipments"]) == 4
    assert first["totals"]["on_hand_quantity"] == 7, "totals cover every page"
    last = (await client.post("/v1/recalls", params={"limit": 4, "offset": 8}, json=body)).json()
    assert (len(last["affected"]), last["next_offset"]) == (4, None)
    too_many = await client.get("/v1/trace", params={"lot_no": "LP", "limit": 1_000_000})
    assert too_many.status_code == 422


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/v1/item-tracking-codes?offset=20910818481733067589970298929152", None),
        ("GET", "/v1/trace?lot_no=L&offset=960871464799437613694976", None),
        ("GET", "/v1/where-is?lot_no=0&item_no=" + "0" * 50, None),
        ("POST", "/v1/packages/P1/pack", {"contents": [[None, None]], "user": "u"}),
        ("POST", "/v1/packages/P1/unpack", {"all": False, "contents": [None], "user": "u"}),
    ],
    ids=["offset beyond 64 bits", "trace offset beyond 64 bits", "item number too long",
         "contents not objects", "unpack contents null"],
)  # fmt: skip
async def test_what_schemathesis_found_is_a_422_not_a_500(
    client: httpx.AsyncClient, method: str, path: str, body: object
) -> None:
    response = await client.request(method, path, json=body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]
