"""The seed's example end to end: chairs 1900-S (serial 1001 in LOT0001, four to the lot) are
received in CONTAINER010 (the receipt's package numbers pack it) with LOT0100 side tables and
LOT200 lamps, and shipped whole."""

import httpx
import pytest

from service.demo import RECEIPT, seed
from service.graph.store import Graph
from tests.api.posting_helpers import count_entries, lots, post

CONTAINER010 = [{"package_no": "CONTAINER010", "location_code": "MAIN"}]


@pytest.fixture
async def received(client: httpx.AsyncClient, graph: Graph) -> httpx.AsyncClient:
    await seed(graph)
    receipt = await client.post("/v1/postings", json=RECEIPT.model_dump(mode="json"))
    assert receipt.status_code == 201, receipt.text  # its package numbers pack CONTAINER010
    return client


async def test_container010_holds_the_three_lots_and_the_chairs_serials(
    received: httpx.AsyncClient,
) -> None:
    tree = (await received.get("/v1/packages/CONTAINER010/contents")).json()
    lots = {c["lot_no"]: c["quantity"] for c in tree["contents"] if c["kind"] == "lot"}
    assert lots == {"LOT0100": 6, "LOT200": 10}
    serials = {c["serial_no"] for c in tree["contents"] if c["kind"] == "serial"}
    assert serials == {"1001", "1002", "1003", "1004"}


async def test_shipping_container010_ships_everything_inside_it(
    received: httpx.AsyncClient,
) -> None:
    shipped = await post(received, "sales_shipment", "SS-2026-0001", [], packages=CONTAINER010)
    assert shipped.status_code == 201, shipped.text
    entries = shipped.json()["entries"]
    chairs = sorted(e["serial_no"] for e in entries if e["item_no"] == "1900-S")
    assert chairs == ["1001", "1002", "1003", "1004"]
    assert {e["lot_no"] for e in entries if e["item_no"] == "1900-S"} == {"LOT0001"}
    by_item = {e["item_no"]: 0.0 for e in entries}
    for e in entries:
        by_item[e["item_no"]] += e["quantity"]
    assert by_item == {"1900-S": -4.0, "1910-S": -6.0, "1928-S": -10.0}
    assert {e["source_no"] for e in entries} == {"C10000"}
    assert all(e["applied_to"] for e in entries)

    again = await post(received, "sales_shipment", "SS-2026-0002", [], packages=CONTAINER010)
    assert again.status_code == 422
    assert again.json()["errors"] == [{
        "field": "packages.0.package_no",
        "message": "Package CONTAINER010 holds nothing on hand at location MAIN.",
    }]  # fmt: skip


async def test_a_chair_shipped_alone_first_is_not_shipped_again_with_the_container(
    received: httpx.AsyncClient,
) -> None:
    single = await post(received, "sales_shipment", "SS-1", [{
        "item_no": "1900-S", "location_code": "MAIN", "quantity": 1,
        "tracking": [{"serial_no": "1001", "lot_no": "LOT0001"}],
    }])  # fmt: skip
    assert single.status_code == 201, single.text
    rest = await post(received, "sales_shipment", "SS-2", [], packages=CONTAINER010)
    assert rest.status_code == 201, rest.text
    chairs = sorted(e["serial_no"] for e in rest.json()["entries"] if e["item_no"] == "1900-S")
    assert chairs == ["1002", "1003", "1004"]


async def test_transferring_a_pallet_moves_the_container_inside_it(
    received: httpx.AsyncClient,
) -> None:
    nested = await received.post("/v1/packages/PALLET7/pack", json={
        "user": "warehouse", "contents": [{"package_no": "CONTAINER010"}],
    })  # fmt: skip
    assert nested.status_code == 200, nested.text
    moved = await post(received, "transfer", "TR-1", [], packages=[
        {"package_no": "PALLET7", "location_code": "MAIN", "new_location_code": "EAST"},
    ])  # fmt: skip
    assert moved.status_code == 201, moved.text
    arrived = [e for e in moved.json()["entries"] if e["quantity"] > 0]
    assert {e["location_code"] for e in arrived} == {"EAST"}
    assert sum(e["quantity"] for e in arrived) == 20.0
    shipped = await post(received, "sales_shipment", "SS-1", [],
                         packages=[{"package_no": "PALLET7", "location_code": "EAST"}])  # fmt: skip
    assert shipped.status_code == 201, shipped.text
    assert len([e for e in shipped.json()["entries"] if e["item_no"] == "1900-S"]) == 4


async def test_a_blocked_package_does_not_move_whole_nor_the_pallet_holding_it(
    received: httpx.AsyncClient,
) -> None:
    # LOT300's entries carry no package number: only the packing ties them to BOX1.
    await post(received, "purchase_receipt", "PR-300", [lots("1928-S", "LOT300", 5)])
    for package_no, contents in (
        ("BOX1", [{"item_no": "1928-S", "lot_no": "LOT300", "quantity": 5}]),
        ("PALLET9", [{"package_no": "BOX1"}]),
    ):
        packed = await received.post(
            f"/v1/packages/{package_no}/pack", json={"user": "warehouse", "contents": contents}
        )
        assert packed.status_code == 200, packed.text
    card = await received.post("/v1/packages", json={"package_no": "BOX1", "user": "quality"})
    assert card.status_code == 201, card.text
    block = {"reason": "Water damage", "user": "quality"}
    blocked = await received.post("/v1/packages/BOX1/block", json=block)
    assert blocked.status_code == 200, blocked.text
    for package_no in ("BOX1", "PALLET9"):
        whole = [{"package_no": package_no, "location_code": "MAIN"}]
        refused = await post(received, "sales_shipment", f"SS-{package_no}", [], packages=whole)
        assert refused.status_code == 409
        assert refused.json()["detail"] == (
            "Blocked must be equal to 'No' in Package No. Information: "
            "Package No.='BOX1'. Current value is 'Yes'."
        )
    assert (await received.post("/v1/packages/BOX1/unblock", json=block)).is_success
    shipped = await post(received, "sales_shipment", "SS-1", [],
                         packages=[{"package_no": "PALLET9", "location_code": "MAIN"}])  # fmt: skip
    assert shipped.status_code == 201, shipped.text
    assert [(e["lot_no"], e["quantity"]) for e in shipped.json()["entries"]] == [("LOT300", -5.0)]


async def test_a_receipt_can_pack_as_part_of_its_posting(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    body = RECEIPT.model_dump(mode="json")
    for line in body["lines"]:
        for tracking in line["tracking"]:
            tracking["package_no"] = None
    body["pack"] = [{"package_no": "CONTAINER010", "contents": [
        {"item_no": "1900-S", "lot_no": "LOT0001", "quantity": 4},
        {"item_no": "1910-S", "lot_no": "LOT0100", "quantity": 6},
        {"item_no": "1928-S", "lot_no": "LOT200", "quantity": 10},
    ]}]  # fmt: skip
    response = await client.post("/v1/postings", json=body)
    assert response.status_code == 201, response.text
    tree = (await client.get("/v1/packages/CONTAINER010/contents")).json()
    assert {c["lot_no"] for c in tree["contents"]} == {"LOT0001", "LOT0100", "LOT200"}
    chairs = next(c for c in tree["contents"] if c["lot_no"] == "LOT0001")
    assert {s["serial_no"] for s in chairs["contents"]} == {"1001", "1002", "1003", "1004"}


async def test_a_posting_whose_packing_is_refused_writes_nothing(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    body = RECEIPT.model_dump(mode="json")
    missing_lot = {"item_no": "1900-S", "lot_no": "NO-SUCH-LOT", "quantity": 1}
    body["pack"] = [{"package_no": "CONTAINER010", "contents": [missing_lot]}]
    refused = await client.post("/v1/postings", json=body)
    assert refused.status_code == 404
    assert await count_entries(graph) == 0
