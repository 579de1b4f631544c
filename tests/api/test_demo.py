"""The demo data the run command loads."""

import httpx

from service.demo import load_demo, seed
from service.graph.store import Graph
from service.settings import Settings


async def test_demo_seed_loads_the_seeds_example_and_can_run_twice(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    loaded = await seed(graph)  # `make run` reloads it every start
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
    assert first_serial["numbers"] == ["1001"]


async def test_demo_load_receives_packs_and_ships_container010(
    client: httpx.AsyncClient, graph: Graph, settings: Settings
) -> None:
    summary, key = await load_demo(settings)
    assert "2 posted documents" in summary
    as_demo = await client.get("/v1/items", headers={"Authorization": f"Bearer {key}"})
    assert as_demo.status_code == 200, "the printed demo key works"
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
