"""`POST /v1/recalls`: customers and stock downstream of recalled numbers, at any depth."""

from typing import Any

import httpx
import pytest

from service.demo import RECEIPT_INTO_CONTAINER, SHIPMENT, seed
from service.graph.store import Graph
from tests.api.posting_helpers import chairs, lots, post


def _recall(number: dict[str, str], block: bool = False) -> dict[str, Any]:
    return {"recall_no": "RC-1", "reason": "Supplier reported contamination", "user": "qa",
            "numbers": [number], "block": block}  # fmt: skip


async def test_recalling_the_lamp_lot_names_the_customer_and_the_shipment(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    for document in (RECEIPT_INTO_CONTAINER, SHIPMENT):
        await client.post("/v1/postings", json=document.model_dump(mode="json"))
    response = await client.post("/v1/recalls", json=_recall({"lot_no": "LOT200"}))
    assert response.status_code == 200, response.text
    recall = response.json()
    assert [c["customer_no"] for c in recall["customers"]] == ["C10000"]
    shipment = recall["customers"][0]["shipments"][0]
    assert (shipment["document_no"], shipment["quantity"]) == ("SS-2026-0001", 10.0)
    assert recall["on_hand"] == []
    assert recall["totals"]["shipped_quantity"] == 10.0


@pytest.fixture
async def four_levels(client: httpx.AsyncClient, graph: Graph) -> httpx.AsyncClient:
    """raw lot R1 -> intermediate lot I1 -> sub-assembly lot S1 -> finished chairs F1..F3."""
    await seed(graph)
    await client.post("/v1/customers", json={"no": "C20000", "name": "Second customer"})
    for no in ("RAW", "INT", "SUB"):
        await client.post("/v1/items", json={"no": no, "item_tracking_code": "LOTALL"})
    steps = [
        await post(client, "purchase_receipt", "PR-1", [lots("RAW", "R1", 10)]),
        await post(client, "production", "P-1", [
            {**lots("RAW", "R1", 4), "type": "consumption"},
            {**lots("INT", "I1", 5), "type": "output"},
        ], order_no="P-1"),
        await post(client, "production", "P-2", [
            {**lots("INT", "I1", 2), "type": "consumption"},
            {**lots("SUB", "S1", 3), "type": "output"},
        ], order_no="P-2"),
        await post(client, "assembly", "A-3", [
            {**lots("SUB", "S1", 3), "type": "consumption"},
            {**chairs("F1", "F2", "F3", lot="F-LOT"), "type": "output"},
        ], order_no="A-3"),
        await post(client, "sales_shipment", "SS-1", [chairs("F1", lot="F-LOT")]),
        await post(client, "sales_shipment", "SS-2", [lots("INT", "I1", 1)], customer_no="C20000"),
    ]  # fmt: skip
    assert [s.status_code for s in steps] == [201] * 6, [s.text for s in steps]
    packed = await client.post("/v1/packages/CARTON1/pack", json={
        "user": "wh", "contents": [{"item_no": "1900-S", "serial_no": "F2"}],
    })  # fmt: skip
    assert packed.status_code == 200, packed.text
    return client


async def test_a_recall_through_four_levels_finds_every_customer_and_carton_on_hand(
    four_levels: httpx.AsyncClient,
) -> None:
    response = await four_levels.post("/v1/recalls", json=_recall({"lot_no": "R1"}))
    assert response.status_code == 200, response.text
    recall = response.json()
    assert {c["customer_no"]: c["quantity"] for c in recall["customers"]} == {
        "C10000": 1.0,
        "C20000": 1.0,
    }
    stock = {(s["item_no"], s["lot_no"], s["serial_no"]): s for s in recall["on_hand"]}
    assert set(stock) == {("RAW", "R1", ""), ("INT", "I1", ""), ("1900-S", "F-LOT", "F2"),
                          ("1900-S", "F-LOT", "F3")}  # fmt: skip
    assert stock[("RAW", "R1", "")]["quantity"] == 6
    assert stock[("INT", "I1", "")]["quantity"] == 2
    assert stock[("1900-S", "F-LOT", "F2")]["packages"] == ["CARTON1"]
    assert {s["status"] for s in recall["on_hand"]} == {"open"}
    assert {a["item_no"] for a in recall["affected"]} == {"RAW", "INT", "SUB", "1900-S"}
    assert recall["blocked_now"] == []


async def test_a_recall_can_block_every_affected_number_on_hand(
    four_levels: httpx.AsyncClient,
) -> None:
    response = await four_levels.post("/v1/recalls", json=_recall({"lot_no": "R1"}, block=True))
    assert response.status_code == 200, response.text
    recall = response.json()
    assert {s["status"] for s in recall["on_hand"]} == {"blocked"}
    assert recall["totals"]["blocked_quantity"] == recall["totals"]["on_hand_quantity"] == 10
    audit = (await four_levels.get("/v1/lots/RAW/R1/audit")).json()["items"]
    assert audit[0]["action"] == "block"
    assert audit[0]["reason"] == "Recall RC-1: Supplier reported contamination"
    refused = await post(four_levels, "sales_shipment", "SS-9", [chairs("F3", lot="F-LOT")])
    assert refused.status_code == 409
    assert refused.json()["code"] == "blocked"


async def test_a_recalled_number_names_exactly_one_number(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/recalls", json=_recall({"lot_no": "A", "serial_no": "B"}))
    assert response.status_code == 422


async def test_a_recall_exports_its_call_list_as_csv(four_levels: httpx.AsyncClient) -> None:
    response = await four_levels.post(
        "/v1/recalls", params={"format": "csv"}, json=_recall({"lot_no": "R1"})
    )
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0] == (
        "Recall No.,Customer No.,Document No.,Posting Date,Item No.,Variant Code,Serial No.,"
        "Lot No.,Quantity,Returned Quantity,Name,Contact,Phone No.,E-Mail,Address"
    )
    assert sorted(line.split(",")[1] for line in lines[1:]) == ["C10000", "C20000"]


async def test_a_recall_follows_stock_a_customer_returned_and_where_it_went_next(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    """Raw lot R1 -> lot I1, shipped, returned (a new entry, not applied to the shipment) and
    made into lot S1, shipped to a second customer: a recall of R1 reaches S1 and its customer."""
    await seed(graph)
    await client.post("/v1/customers", json={"no": "C20000", "name": "Second customer"})
    for no in ("RAW", "INT", "SUB"):
        await client.post("/v1/items", json={"no": no, "item_tracking_code": "LOTALL"})
    steps = [
        await post(client, "purchase_receipt", "PR-1", [lots("RAW", "R1", 4)]),
        await post(client, "production", "P-1", [
            {**lots("RAW", "R1", 4), "type": "consumption"},
            {**lots("INT", "I1", 4), "type": "output"},
        ], order_no="P-1"),
        await post(client, "sales_shipment", "SS-1", [lots("INT", "I1", 4)]),
        await post(client, "sales_return_receipt", "SR-1", [lots("INT", "I1", 3)]),
        await post(client, "production", "P-2", [
            {**lots("INT", "I1", 2), "type": "consumption"},
            {**lots("SUB", "S1", 2), "type": "output"},
        ], order_no="P-2"),
        await post(client, "sales_shipment", "SS-2", [lots("SUB", "S1", 2)], customer_no="C20000"),
    ]  # fmt: skip
    assert [s.status_code for s in steps] == [201] * 6, [s.text for s in steps]
    recall = (await client.post("/v1/recalls", json=_recall({"lot_no": "R1"}))).json()
    assert {c["customer_no"]: c["quantity"] for c in recall["customers"]} == {
        "C10000": 4.0,
        "C20000": 2.0,
    }
    assert [(s["item_no"], s["lot_no"], s["quantity"]) for s in recall["on_hand"]] == [
        ("INT", "I1", 1.0)
    ]
    assert {a["lot_no"] for a in recall["affected"]} == {"R1", "I1", "S1"}


async def test_stock_to_quarantine_names_the_packages_it_is_in_now_not_before(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    await client.post("/v1/items", json={"no": "RAW", "item_tracking_code": "LOTALL"})
    received = await post(client, "purchase_receipt", "PR-1", [lots("RAW", "R1", 5)], pack=[
        {"package_no": "CARTON1", "contents": [{"item_no": "RAW", "lot_no": "R1", "quantity": 5}]}
    ])  # fmt: skip
    assert received.status_code == 201, received.text
    into_pallet = {"user": "wh", "contents": [{"package_no": "CARTON1"}]}
    assert (await client.post("/v1/packages/PALLET1/pack", json=into_pallet)).status_code == 200
    assert (await client.post("/v1/packages/PALLET1/unpack", json=into_pallet)).status_code == 200
    recall = (await client.post("/v1/recalls", json=_recall({"lot_no": "R1"}))).json()
    assert [s["packages"] for s in recall["on_hand"]] == [["CARTON1"]]


async def test_blocking_names_each_number_blocked_with_its_variant(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    await client.post("/v1/items", json={"no": "PAINT", "item_tracking_code": "LOTALL",
                                         "variants": [{"code": "RED"}]})  # fmt: skip
    received = await post(client, "purchase_receipt", "PR-V1",
                          [{**lots("PAINT", "PV1", 4), "variant_code": "RED"}])  # fmt: skip
    assert received.status_code == 201, received.text
    response = await client.post(
        "/v1/recalls", json=_recall({"lot_no": "PV1", "item_no": "PAINT"}, block=True)
    )
    assert response.status_code == 200, response.text
    recall = response.json()
    assert recall["blocked_now"] == [
        {"item_no": "PAINT", "variant_code": "RED", "serial_no": "", "lot_no": "PV1"}
    ]
    assert [(s["variant_code"], s["status"]) for s in recall["on_hand"]] == [("RED", "blocked")]
    card = await client.get("/v1/lots/PAINT/PV1", params={"variant_code": "RED"})
    assert card.json()["blocked"] is True
