"""`GET /v1/ledger-entries` and `GET /v1/on-hand` after real postings."""

import httpx
import pytest

from service.demo import RECEIPT, seed
from service.graph.store import Graph
from tests.api.posting_helpers import chairs, lots, post


@pytest.fixture
async def stocked(client: httpx.AsyncClient, graph: Graph) -> httpx.AsyncClient:
    await seed(graph)
    assert (
        await client.post("/v1/postings", json=RECEIPT.model_dump(mode="json"))
    ).status_code == 201
    assert (await post(client, "sales_shipment", "SS-1", [chairs("1001")])).status_code == 201
    return client


async def test_entries_of_a_serial_show_its_receipt_and_its_shipment(
    stocked: httpx.AsyncClient,
) -> None:
    page = (await stocked.get("/v1/ledger-entries", params={"serial_no": "1001"})).json()
    entries = page["items"]
    assert [(e["entry_type"], e["document_no"], e["quantity"]) for e in entries] == [
        ("Purchase", "PR-2026-0001", 1.0),
        ("Sale", "SS-1", -1.0),
    ]
    assert entries[1]["applied_to"] == [{"entry_no": entries[0]["entry_no"], "quantity": 1.0}]
    assert entries[0]["open"] is False


async def test_entries_by_lot_document_and_item(stocked: httpx.AsyncClient) -> None:
    by_lot = (await stocked.get("/v1/ledger-entries", params={"lot_no": "LOT0001"})).json()
    assert len(by_lot["items"]) == 5  # four received, one shipped
    by_doc = (
        await stocked.get("/v1/ledger-entries", params={"document_no": "pr-2026-0001"})
    ).json()
    assert len(by_doc["items"]) == 6
    lamps = (await stocked.get("/v1/ledger-entries", params={"item_no": "1928-S"})).json()
    assert [e["lot_no"] for e in lamps["items"]] == ["LOT200"]
    open_chairs = (
        await stocked.get("/v1/ledger-entries", params={"item_no": "1900-S", "open": "true"})
    ).json()
    assert sorted(e["serial_no"] for e in open_chairs["items"]) == ["1002", "1003", "1004"]


async def test_entries_of_one_type_only_and_an_unknown_type_is_refused(
    stocked: httpx.AsyncClient,
) -> None:
    sales = await stocked.get(
        "/v1/ledger-entries", params={"lot_no": "LOT0001", "entry_type": "Sale"}
    )
    assert [(e["entry_type"], e["serial_no"]) for e in sales.json()["items"]] == [("Sale", "1001")]
    wrong = await stocked.get(
        "/v1/ledger-entries", params={"lot_no": "LOT0001", "entry_type": "Sold"}
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "entry_type"


async def test_entries_need_a_filter(stocked: httpx.AsyncClient) -> None:
    response = await stocked.get("/v1/ledger-entries")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "item_no"


async def test_on_hand_by_item_and_location(stocked: httpx.AsyncClient) -> None:
    chairs_here = (await stocked.get("/v1/on-hand", params={"item_no": "1900-S"})).json()
    assert sorted(r["serial_no"] for r in chairs_here["rows"]) == ["1002", "1003", "1004"]
    assert chairs_here["totals"]["quantity"] == 3.0
    main = (await stocked.get("/v1/on-hand", params={"location_code": "MAIN"})).json()
    assert main["totals"]["quantity"] == 3 + 6 + 10


async def test_on_hand_of_a_package_counts_what_is_packed_in_it(
    stocked: httpx.AsyncClient,
) -> None:
    # The receipt's package numbers packed CONTAINER010; chair 1001 left it when shipped.
    packed = await stocked.post("/v1/packages/PALLET1/pack", json={
        "user": "wh", "contents": [{"package_no": "CONTAINER010"}],
    })  # fmt: skip
    assert packed.status_code == 200, packed.text
    pallet = (await stocked.get("/v1/on-hand", params={"package_no": "PALLET1"})).json()
    assert [(r["item_no"], r["serial_no"], r["quantity"]) for r in pallet["rows"]] == [
        ("1900-S", "1002", 1.0), ("1900-S", "1003", 1.0), ("1900-S", "1004", 1.0),
        ("1910-S", "", 6.0), ("1928-S", "", 10.0),
    ]  # fmt: skip


async def test_expired_quantity_is_shown_apart(stocked: httpx.AsyncClient) -> None:
    lamps = (await stocked.get(
        "/v1/on-hand", params={"item_no": "1928-S", "as_of": "2032-01-01"}
    )).json()  # fmt: skip
    row = lamps["rows"][0]
    assert (row["quantity"], row["expired_quantity"], row["available_quantity"]) == (10, 10, 0)
    today = (await stocked.get("/v1/on-hand", params={"item_no": "1928-S"})).json()
    assert today["rows"][0]["expired_quantity"] == 0


async def test_blocked_quantity_is_shown_apart_and_not_double_counted(
    stocked: httpx.AsyncClient,
) -> None:
    await stocked.post("/v1/lots/1928-S/LOT200/block", json={"reason": "recall", "user": "qa"})
    lamps = (await stocked.get(
        "/v1/on-hand", params={"lot_no": "LOT200", "as_of": "2032-01-01"}
    )).json()  # fmt: skip
    row = lamps["rows"][0]
    assert (row["blocked_quantity"], row["expired_quantity"]) == (10, 10)
    assert row["available_quantity"] == 0
    assert lamps["totals"]["available_quantity"] == 0


async def test_on_hand_after_a_transfer_is_at_the_new_location(stocked: httpx.AsyncClient) -> None:
    await post(stocked, "transfer", "TR-1",
               [{**lots("1910-S", "LOT0100", 2), "new_location_code": "EAST"}])  # fmt: skip
    tables = (await stocked.get("/v1/on-hand", params={"lot_no": "LOT0100"})).json()
    assert {r["location_code"]: r["quantity"] for r in tables["rows"]} == {"MAIN": 4, "EAST": 2}
