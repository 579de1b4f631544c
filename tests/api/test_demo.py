"""The demo data the run command loads."""

import httpx
import pytest

from service.demo import DatabaseNotEmpty, load_demo, seed
from service.graph.store import Graph
from service.settings import Settings


async def test_demo_seed_loads_the_seeds_example(client: httpx.AsyncClient, graph: Graph) -> None:
    loaded = await seed(graph)
    assert loaded["items"] == 3

    chair = (await client.get("/v1/items/1900-S")).json()
    assert chair["item_tracking_code"] == "SNLOT"
    assert chair["serial_nos"] == "SN-CHAIR"
    code = (await client.get("/v1/item-tracking-codes/SNLOT")).json()
    assert code["sn_specific_tracking"]
    assert code["lot_specific_tracking"]
    lamp_code = (await client.get("/v1/item-tracking-codes/LOTEXP")).json()
    assert lamp_code["strict_expiration_posting"]
    assert lamp_code["use_expiration_dates"]
    assert (await client.get("/v1/inventory-setup")).json() == {"package_nos": "PACKAGE"}
    serial = (await client.get("/v1/serial-nos/1900-S/1001")).json()
    assert serial["blocked"] is False
    lots = (await client.get("/v1/lots")).json()["items"]
    assert {(lot["item_no"], lot["lot_no"]) for lot in lots} == {
        ("1900-S", "LOT0001"), ("1910-S", "LOT0100"), ("1928-S", "LOT200"),
    }  # fmt: skip
    assert (await client.get("/v1/packages/CONTAINER010")).status_code == 200
    first_serial = (await client.post("/v1/number-series/SN-CHAIR/next")).json()
    assert first_serial["numbers"] == ["1002"], "the card of serial 1001 exists"


async def test_demo_load_receives_packs_and_ships_container010(
    client: httpx.AsyncClient, graph: Graph, settings: Settings
) -> None:
    summary = await load_demo(settings)
    assert "2 posted documents" in summary
    history = (await client.get("/v1/packages/CONTAINER010/history")).json()["items"]
    assert {h["content"].get("lot_no") or h["content"]["serial_no"] for h in history} == {
        "1001", "1002", "1003", "1004", "LOT0100", "LOT200",
    }  # fmt: skip
    assert {h["packed_by"] for h in history} == {"posting PR-2026-0001"}
    again = await client.post("/v1/postings", json={
        "kind": "sales_shipment", "document_no": "SS-DEMO", "posting_date": "2026-11-20",
        "customer_no": "C10000",
        "lines": [{"item_no": "1900-S", "location_code": "MAIN", "quantity": 1,
                   "tracking": [{"serial_no": "1001", "lot_no": "LOT0001"}]}],
    })  # fmt: skip
    assert again.status_code == 409  # serial 1001 left with the container
    assert again.json()["code"] == "cannot-be-fully-applied"


async def test_demo_refuses_a_database_that_holds_data_and_changes_nothing(
    client: httpx.AsyncClient, graph: Graph, settings: Settings
) -> None:
    await load_demo(settings)
    posted = await client.post("/v1/postings", json={
        "kind": "positive_adjustment", "document_no": "ADJ-MINE", "posting_date": "2026-11-20",
        "lines": [{"item_no": "1910-S", "location_code": "MAIN", "quantity": 2,
                   "tracking": [{"lot_no": "LOT-MINE", "quantity": 2}]}],
    })  # fmt: skip
    assert posted.status_code == 201, posted.text

    with pytest.raises(DatabaseNotEmpty, match="the demo loads only into an empty one"):
        await load_demo(settings)

    mine = (await client.get("/v1/on-hand", params={"lot_no": "LOT-MINE"})).json()
    assert [row["quantity"] for row in mine["rows"]] == [2]
