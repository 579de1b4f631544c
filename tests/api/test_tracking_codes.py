"""`/v1/item-tracking-codes`: round trip, interlocks against stored items and entries."""

import asyncio
import datetime as dt

import httpx

from service.graph.cypher import cypher
from service.graph.store import Graph
from tests.ledger import record_ledger_entry


async def test_tracking_code_round_trip(client: httpx.AsyncClient) -> None:
    created = await client.post(
        "/v1/item-tracking-codes",
        json={"code": "snall", "description": "Serial, all", "sn_specific_tracking": True,
              "warranty_date_formula": "1y"},
    )  # fmt: skip
    assert created.status_code == 201
    body = created.json()
    assert body["code"] == "SNALL"
    assert body["sn_warehouse_tracking"] is True
    assert body["sn_assembly_outbound_tracking"] is True
    assert body["warranty_date_formula"] == "<1Y>"

    patched = await client.patch(
        "/v1/item-tracking-codes/SNALL", json={"create_sn_info_on_posting": True}
    )
    assert patched.status_code == 200
    assert patched.json()["create_sn_info_on_posting"] is True
    assert patched.json()["description"] == "Serial, all"

    got = (await client.get("/v1/item-tracking-codes/snall")).json()
    assert got == patched.json()
    listed = (await client.get("/v1/item-tracking-codes")).json()
    assert [c["code"] for c in listed["items"]] == ["SNALL"]

    assert (await client.delete("/v1/item-tracking-codes/SNALL")).status_code == 204
    assert (await client.get("/v1/item-tracking-codes/SNALL")).status_code == 404


async def test_interlock_refusal_is_a_409_in_business_centrals_words(
    client: httpx.AsyncClient,
) -> None:
    await client.post(
        "/v1/item-tracking-codes", json={"code": "LOTALL", "lot_specific_tracking": True}
    )
    refused = await client.patch(
        "/v1/item-tracking-codes/LOTALL", json={"lot_transfer_tracking": False}
    )
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    body = refused.json()
    assert body["code"] == "tracking-code-interlock"
    assert body["detail"] == (
        "Lot Specific Tracking must be equal to 'No' in Item Tracking Code: Code=LOTALL. "
        "Current value is 'Yes'."
    )
    assert body["field"] == "lot_specific_tracking"


async def test_duplicate_code_is_a_409(client: httpx.AsyncClient) -> None:
    await client.post("/v1/item-tracking-codes", json={"code": "A"})
    again = await client.post("/v1/item-tracking-codes", json={"code": "a"})
    assert again.status_code == 409
    assert again.json()["detail"] == "Item Tracking Code A already exists."


async def test_code_used_by_an_item_cannot_be_deleted(client: httpx.AsyncClient) -> None:
    await client.post("/v1/item-tracking-codes", json={"code": "LOT"})
    await client.post("/v1/items", json={"no": "1000", "item_tracking_code": "LOT"})
    refused = await client.delete("/v1/item-tracking-codes/LOT")
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "You cannot delete Item Tracking Code LOT because it is used on one or more items."
    )


async def test_specific_tracking_cannot_change_once_an_item_has_entries(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await client.post("/v1/item-tracking-codes", json={"code": "SN"})
    await client.post("/v1/items", json={"no": "1900-S", "item_tracking_code": "SN"})
    assert (
        await client.patch("/v1/item-tracking-codes/SN", json={"sn_specific_tracking": True})
    ).status_code == 200
    assert (
        await client.patch("/v1/item-tracking-codes/SN", json={"sn_specific_tracking": False})
    ).status_code == 200

    await record_ledger_entry(graph, item_no="1900-S")
    refused = await client.patch("/v1/item-tracking-codes/SN", json={"sn_specific_tracking": True})
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "Entries exist for item 1900-S. The field SN Specific Tracking cannot be changed."
    )
    assert refused.json()["code"] == "entries-exist"


async def test_sn_specific_tracking_stays_on_while_an_item_uses_specific_costing(
    client: httpx.AsyncClient,
) -> None:
    await client.post("/v1/item-tracking-codes", json={"code": "SN", "sn_specific_tracking": True})
    await client.post(
        "/v1/items", json={"no": "A", "item_tracking_code": "SN", "costing_method": "Specific"}
    )
    refused = await client.patch("/v1/item-tracking-codes/SN", json={"sn_specific_tracking": False})
    assert refused.status_code == 409
    assert refused.json()["code"] == "specific-costing-in-use"
    assert refused.json()["detail"] == (
        "SN Specific Tracking cannot be turned off: item A uses this code with Costing Method "
        "Specific, which costs each unit by its serial number."
    )
    await client.patch("/v1/items/A", json={"costing_method": "FIFO"})
    allowed = await client.patch("/v1/item-tracking-codes/SN", json={"sn_specific_tracking": False})
    assert allowed.status_code == 200
    assert allowed.json()["sn_specific_tracking"] is False


async def test_an_item_taking_specific_costing_holds_the_code_until_it_commits(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    """An item's write locks the code it names before checking it, so a change to the code
    made meanwhile waits, then sees the item: it cannot turn SN Specific Tracking off under an
    item that took Costing Method Specific on the code as it was."""
    await client.post("/v1/item-tracking-codes", json={"code": "SN", "sn_specific_tracking": True})
    references = {"itemTrackingCode": "SN", "serialNos": None, "lotNos": None, "no": "A"}
    async with graph.driver.session(database=graph.database) as session:
        item_write = await session.begin_transaction()
        await item_write.run(cypher("items/get_item_references"), references)
        change = asyncio.create_task(
            client.patch("/v1/item-tracking-codes/SN", json={"sn_specific_tracking": False})
        )
        await asyncio.sleep(0.5)
        assert not change.done()  # waiting for the item's write
        props = {"no": "A", "costingMethod": "Specific", "type": "Inventory"}
        await item_write.run(cypher("items/create_item"), {"props": props, "variants": []})
        await item_write.run(cypher("items/link_item_setup"), references)
        await item_write.commit()
    refused = await change
    assert refused.status_code == 409
    assert refused.json()["code"] == "specific-costing-in-use"


async def test_use_expiration_dates_stays_on_while_an_item_calculates_expiration(
    client: httpx.AsyncClient,
) -> None:
    await client.post("/v1/item-tracking-codes", json={"code": "EXP", "use_expiration_dates": True})
    await client.post(
        "/v1/items",
        json={"no": "70000", "item_tracking_code": "EXP", "expiration_calculation": "2Y"},
    )
    refused = await client.patch(
        "/v1/item-tracking-codes/EXP", json={"use_expiration_dates": False}
    )
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "You cannot stop using expiration dates because they are set up for 1 item(s)."
    )


async def test_use_expiration_dates_stays_on_while_entries_carry_expiration_dates(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await client.post("/v1/item-tracking-codes", json={"code": "EXP", "use_expiration_dates": True})
    await client.post("/v1/items", json={"no": "70000", "item_tracking_code": "EXP"})
    await record_ledger_entry(graph, item_no="70000", expiration_date=dt.date(2027, 1, 31))
    refused = await client.patch(
        "/v1/item-tracking-codes/EXP", json={"use_expiration_dates": False}
    )
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "You cannot stop using expiration dates because item ledger entries with expiration "
        "dates exist for item 70000."
    )


async def test_bad_date_formula_is_a_422_naming_the_field(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/item-tracking-codes", json={"code": "W", "warranty_date_formula": "1Z"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "warranty_date_formula"
    assert "unknown unit" in response.json()["errors"][0]["message"]


async def test_unknown_code_is_a_404(client: httpx.AsyncClient) -> None:
    response = await client.patch("/v1/item-tracking-codes/NOPE", json={"description": "x"})
    assert response.status_code == 404
    assert response.json()["detail"] == "Item Tracking Code NOPE does not exist."
