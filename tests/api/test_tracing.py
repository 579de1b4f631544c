"""`GET /v1/trace` on the seed's example and on production and transfer chains."""

from typing import Any

import httpx
import pytest

from service.demo import RECEIPT_INTO_CONTAINER, SHIPMENT, seed
from service.graph import tracing
from service.graph.store import Graph
from tests.api.posting_helpers import chairs, lots, post


@pytest.fixture
async def shipped(client: httpx.AsyncClient, graph: Graph) -> httpx.AsyncClient:
    await seed(graph)
    for document in (RECEIPT_INTO_CONTAINER, SHIPMENT):
        answer = await client.post("/v1/postings", json=document.model_dump(mode="json"))
        assert answer.status_code == 201, answer.text
    return client


async def _trace(client: httpx.AsyncClient, **params: str) -> dict[str, Any]:
    response = await client.get("/v1/trace", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_serial_1001_forward_reaches_the_customer_and_shows_its_container(
    shipped: httpx.AsyncClient,
) -> None:
    trace = await _trace(shipped, serial_no="1001", method="origin-to-usage")
    rows = [(r["level"], r["entry_type"], r["document_no"], r["source_no"]) for r in trace["rows"]]
    assert rows == [
        (1, "Purchase", "PR-2026-0001", "V20000"),
        (2, "Sale", "SS-2026-0001", "C10000"),
    ]
    assert trace["rows"][1]["parent_entry_no"] == trace["rows"][0]["entry_no"]
    assert trace["packages"] == ["CONTAINER010"]
    assert len(trace["graph"]["relationships"]) == 1


async def test_serial_1001_backward_reaches_the_vendor(shipped: httpx.AsyncClient) -> None:
    trace = await _trace(shipped, serial_no="1001", method="usage-to-origin")
    assert {(r["entry_type"], r["source_no"]) for r in trace["rows"]} == {
        ("Purchase", "V20000"),
        ("Sale", "C10000"),
    }


async def test_tracing_container010_covers_everything_it_held(shipped: httpx.AsyncClient) -> None:
    trace = await _trace(shipped, package_no="CONTAINER010", method="origin-to-usage")
    sales = [r for r in trace["rows"] if r["entry_type"] == "Sale"]
    assert {r["item_no"] for r in sales} == {"1900-S", "1910-S", "1928-S"}
    assert sorted(r["serial_no"] for r in sales if r["item_no"] == "1900-S") == [
        "1001", "1002", "1003", "1004",
    ]  # fmt: skip
    assert {r["source_no"] for r in sales} == {"C10000"}
    assert sum(r["quantity"] for r in sales) == -20


async def test_a_trace_asked_without_its_graph_answers_the_same_rows_and_null_for_it(
    shipped: httpx.AsyncClient,
) -> None:
    whole = await _trace(shipped, package_no="CONTAINER010", method="origin-to-usage")
    lean = await _trace(shipped, package_no="CONTAINER010", method="origin-to-usage", graph="false")
    assert lean["graph"] is None
    assert len(whole["graph"]["nodes"]) == len(whole["rows"]) == 12
    assert {k: v for k, v in lean.items() if k != "graph"} == {
        k: v for k, v in whole.items() if k != "graph"
    }
    refused = await shipped.get("/v1/trace", params={"serial_no": "1001", "graph": "maybe"})
    assert refused.status_code == 422
    assert "graph" in refused.text


@pytest.fixture
async def produced(client: httpx.AsyncClient, graph: Graph) -> httpx.AsyncClient:
    await seed(graph)
    await client.post("/v1/items", json={"no": "SCREW"})  # untracked component
    steps = [
        await post(client, "purchase_receipt", "PR-1", [lots("1910-S", "LOT0100", 2),
                                                        lots("1928-S", "LOT200", 2)]),
        await post(client, "positive_adjustment", "ADJ-1",
                   [{"item_no": "SCREW", "location_code": "MAIN", "quantity": 10}]),
        await post(client, "production", "PROD-1", [
            {**lots("1910-S", "LOT0100", 1), "type": "consumption"},
            {**lots("1928-S", "LOT200", 1), "type": "consumption"},
            {"item_no": "SCREW", "location_code": "MAIN", "quantity": 4, "type": "consumption"},
            {**chairs("5001", lot="LOT0500"), "type": "output"},
        ], order_no="RPO-1"),
        await post(client, "transfer", "TR-1",
                   [{**chairs("5001", lot="LOT0500"), "new_location_code": "EAST"}]),
        await post(client, "sales_shipment", "SS-1",
                   [chairs("5001", lot="LOT0500", location="EAST")]),
    ]  # fmt: skip
    assert [s.status_code for s in steps] == [201] * 5, [s.text for s in steps]
    return client


async def test_backward_from_a_finished_serial_finds_its_components_by_mode(
    produced: httpx.AsyncClient,
) -> None:
    everything = await _trace(produced, serial_no="5001", show_components="all")
    items = {r["item_no"] for r in everything["rows"]}
    assert items == {"1900-S", "1910-S", "1928-S", "SCREW"}
    origins = {(r["item_no"], r["entry_type"]) for r in everything["rows"] if r["via"] == "applied"}
    assert ("1928-S", "Purchase") in origins
    # As Business Central's ExitLevel: the untracked SCREW consumption shows, and ends its branch.
    screws = [(r["entry_type"], r["via"]) for r in everything["rows"] if r["item_no"] == "SCREW"]
    assert screws == [("Consumption", "component")]

    tracked = await _trace(produced, serial_no="5001", show_components="item-tracked-only")
    assert {r["item_no"] for r in tracked["rows"]} == {"1900-S", "1910-S", "1928-S"}

    none = await _trace(produced, serial_no="5001", show_components="no")
    assert {r["item_no"] for r in none["rows"]} == {"1900-S"}


async def test_forward_from_a_raw_lot_reaches_the_customer_through_production_and_transfer(
    produced: httpx.AsyncClient,
) -> None:
    trace = await _trace(produced, lot_no="LOT200", method="origin-to-usage", show_components="no")
    path = [(r["level"], r["entry_type"], r["item_no"]) for r in trace["rows"]]
    assert path == [
        (1, "Purchase", "1928-S"),
        (2, "Consumption", "1928-S"),
        (3, "Output", "1900-S"),
        (4, "Transfer", "1900-S"),
        (5, "Transfer", "1900-S"),
        (6, "Sale", "1900-S"),
    ]
    assert trace["rows"][-1]["source_no"] == "C10000"


async def test_a_trace_answers_the_same_rows_with_its_entries_read_with_the_walk_or_after_it(
    shipped: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    params = {"package_no": "CONTAINER010", "method": "origin-to-usage"}
    whole = await _trace(shipped, **params)  # every row in one answer: entries with the walk
    assert whole["total_rows"] == len(whole["rows"]) > 6
    monkeypatch.setattr(tracing, "EAGER_ENTRIES", 0)  # pages of 3 read their entries after it
    pages: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        page = await _trace(shipped, **params, limit="3", offset=str(offset))
        assert page["packages"] == whole["packages"]
        pages.extend(page["rows"])
        offset = page["next_offset"]
    assert pages == whole["rows"]


async def test_a_trace_needs_something_to_trace(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/trace")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "serial_no"


async def test_where_is_a_shipped_serial_names_its_container_and_customer(
    shipped: httpx.AsyncClient,
) -> None:
    response = await shipped.get("/v1/where-is", params={"serial_no": "1001", "item_no": "1900-S"})
    assert response.status_code == 200, response.text
    where = response.json()
    # The receipt's package number packed the serial number itself into the container.
    assert [(c["kind"], c.get("lot_no") or c.get("package_no")) for c in where["chain"]] == [
        ("package", "CONTAINER010"),
    ]
    assert where["on_hand"] == []
    assert [(s["customer_no"], s["document_no"]) for s in where["shipped_to"]] == [
        ("C10000", "SS-2026-0001")
    ]


async def test_where_is_names_the_customers_of_a_lot_with_hundreds_of_entries_before(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    serials = [f"W{n:04}" for n in range(600)]
    received = await post(client, "purchase_receipt", "PR-W", [chairs(*serials, lot="LOT-W")])
    assert received.status_code == 201, received.text
    shipped = await post(client, "sales_shipment", "SS-W", [chairs("W0599", lot="LOT-W")])
    assert shipped.status_code == 201, shipped.text
    response = await client.get("/v1/where-is", params={"lot_no": "LOT-W", "item_no": "1900-S"})
    assert [(s["customer_no"], s["serial_no"]) for s in response.json()["shipped_to"]] == [
        ("C10000", "W0599")
    ]


async def test_where_is_stock_on_hand_by_location(produced: httpx.AsyncClient) -> None:
    response = await produced.get("/v1/where-is", params={"lot_no": "LOT0100", "item_no": "1910-S"})
    where = response.json()
    assert [(r["location_code"], r["quantity"]) for r in where["on_hand"]] == [("MAIN", 1.0)]
    assert where["shipped_to"] == []


async def test_where_is_needs_exactly_one_number(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/where-is", params={"serial_no": "1", "lot_no": "2"})
    assert response.status_code == 422
    unknown = await client.get("/v1/where-is", params={"package_no": "NOWHERE"})
    assert unknown.status_code == 404


async def test_a_trace_exports_as_csv_with_business_centrals_columns(
    shipped: httpx.AsyncClient,
) -> None:
    response = await shipped.get(
        "/v1/trace", params={"serial_no": "1001", "method": "origin-to-usage", "format": "csv"}
    )
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0].startswith("Level,Parent Entry No.,Entry No.,Entry Type,Item No.")
    assert len(lines) == 3
    assert ",Sale,1900-S,," in lines[2]
    assert "C10000" in lines[2]
