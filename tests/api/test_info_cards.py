"""`/v1/serial-nos`, `/v1/lots`, `/v1/packages`: information cards, block/unblock, audit trail."""

from datetime import datetime
from typing import Any

import httpx

from service.demo import seed
from service.graph.store import Graph
from tests.api.posting_helpers import chairs, lots, post

ANNA = {"user": "anna"}


async def create(client: httpx.AsyncClient, path: str, **body: Any) -> dict[str, Any]:
    response = await client.post(path, json={**ANNA, **body})
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def audit(client: httpx.AsyncClient, card_path: str) -> list[dict[str, Any]]:
    response = await client.get(f"{card_path}/audit")
    assert response.status_code == 200, response.text
    records: list[dict[str, Any]] = response.json()["items"]
    return records


async def test_serial_no_card_round_trip(client: httpx.AsyncClient) -> None:
    created = await create(
        client, "/v1/serial-nos", item_no="bike-1", serial_no="sn-0001", description="Demo bike"
    )
    assert created["item_no"] == "BIKE-1"
    assert created["variant_code"] == ""
    assert created["serial_no"] == "sn-0001"
    assert created["blocked"] is False
    assert created["card_created_at"]

    updated = await client.patch(
        "/v1/serial-nos/bike-1/sn-0001", json={"user": "ben", "comment": "Frame repainted"}
    )
    assert updated.status_code == 200
    got = (await client.get("/v1/serial-nos/BIKE-1/sn-0001")).json()
    assert got == {**created, "comment": "Frame repainted"}
    listed = (await client.get("/v1/serial-nos")).json()
    assert listed == {"items": [got], "next_offset": None}


async def test_lot_card_round_trip_with_variant(client: httpx.AsyncClient) -> None:
    created = await create(
        client, "/v1/lots", item_no="MILK", variant_code="1l", lot_no="L-2026-01",
        test_quality="Good", certificate_number="cert-77",
    )  # fmt: skip
    assert (created["variant_code"], created["certificate_number"]) == ("1L", "CERT-77")

    path = "/v1/lots/MILK/L-2026-01"
    changed = await client.patch(
        path, params={"variant_code": "1L"}, json={"user": "qa", "test_quality": "Bad"}
    )
    assert changed.status_code == 200
    assert changed.json()["test_quality"] == "Bad"
    assert (await client.get(path, params={"variant_code": "1L"})).json()["test_quality"] == "Bad"
    without_variant = await client.get(path)
    assert without_variant.status_code == 404
    assert without_variant.json()["code"] == "lot-info-not-found"
    assert without_variant.json()["detail"] == (
        "Lot No. Information for item MILK lot L-2026-01 does not exist."
    )


async def test_package_card_round_trip(client: httpx.AsyncClient) -> None:
    created = await create(
        client, "/v1/packages", package_no="00012345600000000017", country_region_code="de"
    )
    assert created["country_region_code"] == "DE"
    assert "item_no" not in created

    path = "/v1/packages/00012345600000000017"
    await client.patch(path, json={"user": "ben", "certificate_number": "EUR1-55"})
    got = (await client.get(path)).json()
    assert (got["country_region_code"], got["certificate_number"]) == ("DE", "EUR1-55")
    listed = (await client.get("/v1/packages")).json()["items"]
    assert [p["package_no"] for p in listed] == ["00012345600000000017"]


async def test_duplicate_card_is_a_409(client: httpx.AsyncClient) -> None:
    await create(client, "/v1/serial-nos", item_no="1000", serial_no="SN1")
    again = await client.post(
        "/v1/serial-nos", json={**ANNA, "item_no": "1000", "serial_no": " SN1 "}
    )
    assert again.status_code == 409
    assert again.json()["code"] == "already-exists"
    assert (
        again.json()["detail"] == "Serial No. Information for item 1000 serial SN1 already exists."
    )


async def test_card_can_be_created_for_a_number_postings_already_made(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await graph.driver.execute_query(
        "CREATE (:Lot {itemNo: 'MILK', variantCode: '', lotNo: 'L7', remainingQty: 5})",
        database_=graph.database,
    )
    assert (await client.get("/v1/lots/MILK/L7")).status_code == 404
    assert (await client.get("/v1/lots")).json()["items"] == []

    created = await create(client, "/v1/lots", item_no="MILK", lot_no="L7")
    assert created["lot_no"] == "L7"
    records, _, _ = await graph.driver.execute_query(
        "MATCH (l:Lot {lotNo: 'L7'}) RETURN count(l) AS nodes, l.remainingQty AS qty",
        database_=graph.database,
    )
    assert (records[0]["nodes"], records[0]["qty"]) == (1, 5)


async def test_blocking_twice_is_a_409_and_unblock_releases(client: httpx.AsyncClient) -> None:
    await create(client, "/v1/serial-nos", item_no="1000", serial_no="SN1")
    path = "/v1/serial-nos/1000/SN1"
    reason = {"user": "qa", "reason": "Customer complaint"}

    blocked = await client.post(f"{path}/block", json=reason)
    assert blocked.status_code == 200
    assert blocked.json()["blocked"] is True
    again = await client.post(f"{path}/block", json=reason)
    assert again.status_code == 409
    assert again.json()["code"] == "already-blocked"

    released = await client.post(f"{path}/unblock", json={"user": "qa", "reason": "Tested OK"})
    assert released.json()["blocked"] is False
    unblocked_again = await client.post(f"{path}/unblock", json={"user": "qa", "reason": "x"})
    assert unblocked_again.status_code == 409
    assert unblocked_again.json()["code"] == "not-blocked"


async def test_block_without_a_reason_is_a_422_naming_the_field(client: httpx.AsyncClient) -> None:
    await create(client, "/v1/packages", package_no="P1")
    response = await client.post("/v1/packages/P1/block", json={"user": "qa"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["reason"]
    assert (await client.get("/v1/packages/P1")).json()["blocked"] is False


async def test_blocking_an_unknown_card_is_a_404(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/serial-nos/1000/NOPE/block", json={"user": "qa", "reason": "Recall"}
    )
    assert response.status_code == 404
    assert response.json()["code"] == "serial-no-info-not-found"


async def test_audit_trail_lists_every_change_newest_first(client: httpx.AsyncClient) -> None:
    await create(client, "/v1/lots", item_no="MILK", lot_no="L1", description="Spring")
    path = "/v1/lots/MILK/L1"
    await client.patch(path, json={"user": "ben", "description": "Spring batch"})
    await client.post(f"{path}/block", json={"user": "qa", "reason": "Salmonella suspicion"})
    await client.post(f"{path}/unblock", json={"user": "qa", "reason": "Lab result negative"})

    records = await audit(client, path)
    assert [(r["action"], r["user"], r["reason"]) for r in records] == [
        ("unblock", "qa", "Lab result negative"),
        ("block", "qa", "Salmonella suspicion"),
        ("update", "ben", ""),
        ("create", "anna", ""),
    ]
    assert [r["sequence"] for r in records] == [4, 3, 2, 1]
    stamps = [datetime.fromisoformat(r["at"]) for r in records]
    assert stamps == sorted(stamps, reverse=True)
    assert records[0]["changes"] == {"blocked": {"old": True, "new": False}}
    assert records[2]["changes"] == {"description": {"old": "Spring", "new": "Spring batch"}}
    assert records[3]["changes"]["description"] == {"old": None, "new": "Spring"}


async def test_an_update_never_changes_earlier_audit_records(client: httpx.AsyncClient) -> None:
    await create(client, "/v1/serial-nos", item_no="1000", serial_no="SN1")
    path = "/v1/serial-nos/1000/SN1"
    await client.post(f"{path}/block", json={"user": "qa", "reason": "Inspection"})
    before = await audit(client, path)

    await client.patch(path, json={"user": "ben", "description": "Inspected unit"})
    after = await audit(client, path)
    assert len(after) == len(before) + 1
    assert after[1:] == before
    assert after[0]["action"] == "update"


async def test_blocked_cannot_be_set_through_patch(client: httpx.AsyncClient) -> None:
    await create(client, "/v1/serial-nos", item_no="1000", serial_no="SN1")
    response = await client.patch("/v1/serial-nos/1000/SN1", json={"user": "ben", "blocked": True})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["blocked"]
    assert (await client.get("/v1/serial-nos/1000/SN1")).json()["blocked"] is False
    assert len(await audit(client, "/v1/serial-nos/1000/SN1")) == 1


async def test_list_filters_by_blocked_and_item(client: httpx.AsyncClient) -> None:
    for item, serial in (("1000", "A"), ("1000", "B"), ("2000", "A")):
        await create(client, "/v1/serial-nos", item_no=item, serial_no=serial)
    await client.post("/v1/serial-nos/1000/B/block", json={"user": "qa", "reason": "Recall"})

    def keys(page: httpx.Response) -> list[tuple[str, str]]:
        return [(c["item_no"], c["serial_no"]) for c in page.json()["items"]]

    assert keys(await client.get("/v1/serial-nos", params={"blocked": True})) == [("1000", "B")]
    assert keys(await client.get("/v1/serial-nos", params={"blocked": False})) == [
        ("1000", "A"),
        ("2000", "A"),
    ]
    assert keys(await client.get("/v1/serial-nos", params={"item_no": "2000"})) == [("2000", "A")]
    both = await client.get("/v1/serial-nos", params={"item_no": "1000", "blocked": "false"})
    assert keys(both) == [("1000", "A")]


async def test_package_list_filters_by_blocked_and_pages(client: httpx.AsyncClient) -> None:
    for n in range(3):
        await create(client, "/v1/packages", package_no=f"P{n}")
    await client.post("/v1/packages/P1/block", json={"user": "qa", "reason": "Torn seal"})
    blocked = (await client.get("/v1/packages", params={"blocked": True})).json()
    assert [p["package_no"] for p in blocked["items"]] == ["P1"]
    first = (await client.get("/v1/packages", params={"limit": 2})).json()
    assert [p["package_no"] for p in first["items"]] == ["P0", "P1"]
    rest = (await client.get("/v1/packages", params={"limit": 2, "offset": 2})).json()
    assert ([p["package_no"] for p in rest["items"]], rest["next_offset"]) == (["P2"], None)


async def test_serial_number_longer_than_fifty_is_a_422_naming_the_field(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/v1/serial-nos", json={**ANNA, "item_no": "1000", "serial_no": "S" * 51}
    )
    assert response.status_code == 422
    body = response.json()
    assert [e["field"] for e in body["errors"]] == ["serial_no"]
    assert "serial_no" in body["detail"]


async def test_same_serial_number_under_two_items_is_two_cards(client: httpx.AsyncClient) -> None:
    await create(client, "/v1/serial-nos", item_no="1000", serial_no="SN1", description="Bike")
    await create(client, "/v1/serial-nos", item_no="2000", serial_no="SN1", description="Lamp")
    await client.post("/v1/serial-nos/1000/SN1/block", json={"user": "qa", "reason": "Recall"})

    bike = (await client.get("/v1/serial-nos/1000/SN1")).json()
    lamp = (await client.get("/v1/serial-nos/2000/SN1")).json()
    assert (bike["description"], bike["blocked"]) == ("Bike", True)
    assert (lamp["description"], lamp["blocked"]) == ("Lamp", False)
    assert len(await audit(client, "/v1/serial-nos/2000/SN1")) == 1


async def test_number_with_a_slash_is_addressed_url_encoded(client: httpx.AsyncClient) -> None:
    await create(client, "/v1/serial-nos", item_no="1000", serial_no="SN/7")
    path = "/v1/serial-nos/1000/SN%2F7"
    assert (await client.get(path)).json()["serial_no"] == "SN/7"
    blocked = await client.post(f"{path}/block", json={"user": "qa", "reason": "Recall"})
    assert blocked.status_code == 200
    assert [r["action"] for r in await audit(client, path)] == ["block", "create"]


async def test_serial_and_lot_cards_link_to_their_item_when_it_exists(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await graph.driver.execute_query("CREATE (:Item {no: '1000'})", database_=graph.database)
    await create(client, "/v1/serial-nos", item_no="1000", serial_no="SN1")
    await create(client, "/v1/lots", item_no="1000", lot_no="L1")
    await create(client, "/v1/lots", item_no="9999", lot_no="L1")
    records, _, _ = await graph.driver.execute_query(
        "MATCH (n)-[:OF_ITEM]->(i:Item) RETURN labels(n)[0] AS label, i.no AS item ORDER BY label",
        database_=graph.database,
    )
    assert [(r["label"], r["item"]) for r in records] == [("Lot", "1000"), ("SerialNo", "1000")]


async def test_serial_and_lot_cards_show_what_the_number_holds_now(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    await post(client, "purchase_receipt", "PR-1", [
        lots("1928-S", "OLD", 5, expiration_date="2026-01-31"),  # expired long ago
        lots("1928-S", "NEW", 3, expiration_date="2099-12-31"),
        chairs("1001", "1002"),
    ], posting_date="2026-01-02")  # fmt: skip
    await post(client, "negative_adjustment", "NA-1", [lots("1928-S", "OLD", 1)])
    await post(client, "sales_shipment", "SS-1", [chairs("1002")])
    await post(client, "transfer", "TR-1",
               [{**lots("1928-S", "NEW", 2), "new_location_code": "EAST"}])  # fmt: skip
    old = (await client.get("/v1/lots/1928-S/OLD")).json()  # both created on posting
    assert (old["inventory"], old["expired_inventory"]) == (4, 4)
    new = (await client.get("/v1/lots/1928-S/NEW")).json()
    assert (new["inventory"], new["expired_inventory"]) == (3, 0)  # at MAIN and EAST
    listed = (await client.get("/v1/serial-nos", params={"item_no": "1900-S"})).json()["items"]
    assert {(s["serial_no"], s["inventory"]) for s in listed} >= {("1001", 1), ("1002", 0)}
    block = {"user": "qa", "reason": "Expired"}
    blocked = await client.post("/v1/lots/1928-S/OLD/block", json=block)
    assert blocked.json()["inventory"] == 4
    package = (await client.get("/v1/packages/CONTAINER010")).json()
    assert package["inventory"] == []  # per item packed in it; nothing is here
