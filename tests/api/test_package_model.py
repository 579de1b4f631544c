"""One package model (issue 31): a package holds only stock on hand at its own location, what
leaves that location leaves the package, and every read answers from the same containment
intervals: contents (also as of a time), history, where-is, ledger entries and on-hand by
package, traces and recalls."""

from typing import Any

import httpx
import pytest

from service.demo import seed
from service.graph.store import Graph
from tests.api.posting_helpers import chairs, lots, post

CHAIR = "1900-S"  # serial and lot tracked
TABLE = "1910-S"  # lot tracked


def serial(no: str) -> dict[str, Any]:
    return {"item_no": CHAIR, "serial_no": no}


def lot(no: str, quantity: float, item_no: str = TABLE) -> dict[str, Any]:
    return {"item_no": item_no, "lot_no": no, "quantity": quantity}


def package(no: str) -> dict[str, Any]:
    return {"package_no": no}


async def pack(client: httpx.AsyncClient, into: str, *contents: dict[str, Any],
               **extra: Any) -> httpx.Response:  # fmt: skip
    body = {"user": "wh", "contents": list(contents), **extra}
    return await client.post(f"/v1/packages/{into}/pack", json=body)


async def packed(client: httpx.AsyncClient, into: str, *contents: dict[str, Any]) -> None:
    response = await pack(client, into, *contents)
    assert response.status_code == 200, response.text


async def unpacked(client: httpx.AsyncClient, source: str, *contents: dict[str, Any]) -> None:
    body = {"user": "wh", "contents": list(contents)}
    response = await client.post(f"/v1/packages/{source}/unpack", json=body)
    assert response.status_code == 200, response.text


async def posted(client: httpx.AsyncClient, kind: str, no: str, lines: list[dict[str, Any]],
                 **extra: Any) -> dict[str, Any]:  # fmt: skip
    response = await post(client, kind, no, lines, **extra)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def numbers(contents: list[dict[str, Any]]) -> list[str]:
    """Every number in a contents tree, depth first: `CT1`, `S4`, `L1x6`."""
    found: list[str] = []
    for node in contents:
        if node["kind"] == "lot":
            found.append(f"{node['lot_no']}x{node['quantity']:g}")
        else:
            found.append(node.get("package_no") or node["serial_no"])
        found.extend(numbers(node["contents"]))
    return found


async def contents(client: httpx.AsyncClient, no: str, **params: str) -> list[str]:
    response = await client.get(f"/v1/packages/{no}/contents", params=params)
    assert response.status_code == 200, response.text
    return numbers(response.json()["contents"])


@pytest.fixture
async def setup(client: httpx.AsyncClient, graph: Graph) -> httpx.AsyncClient:
    await seed(graph)
    return client


async def receive_chairs(client: httpx.AsyncClient, *serials: str, no: str = "PR-1",
                         location: str = "MAIN") -> None:  # fmt: skip
    await posted(client, "purchase_receipt", no, [chairs(*serials, location=location)])


# Case 4: packing is checked against stock.


async def test_packing_more_of_a_lot_than_is_on_hand_is_a_409_naming_what_is_available(
    setup: httpx.AsyncClient,
) -> None:
    await posted(setup, "purchase_receipt", "PR-1", [lots(TABLE, "L1", 6)])
    await posted(setup, "purchase_receipt", "PR-2", [lots(TABLE, "L0", 3)])
    await posted(setup, "sales_shipment", "SS-1", [lots(TABLE, "L0", 3)])

    too_much = await pack(setup, "CT1", lot("L1", 100))
    assert too_much.status_code == 409, too_much.text
    assert too_much.json()["code"] == "not-on-hand"
    assert "Lot L1 of item 1910-S: 100 to pack, 6 on hand" in too_much.json()["detail"]
    none_left = await pack(setup, "CT1", lot("L0", 3))
    assert none_left.status_code == 409, none_left.text
    assert "Lot L0 of item 1910-S: 3 to pack, 0 on hand" in none_left.json()["detail"]
    assert (await setup.get("/v1/packages/CT1/contents")).status_code == 404  # nothing written
    await packed(setup, "CT1", lot("L1", 6))
    assert await contents(setup, "CT1") == ["L1x6"]


async def test_a_serial_already_shipped_cannot_be_packed(setup: httpx.AsyncClient) -> None:
    await receive_chairs(setup, "S1", "S2")
    await posted(setup, "sales_shipment", "SS-1", [chairs("S1")])

    refused = await pack(setup, "CT1", serial("S1"))
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "not-on-hand"
    assert "S1" in refused.json()["detail"]
    await packed(setup, "CT1", serial("S2"))


async def test_a_package_holds_stock_of_one_location_only(setup: httpx.AsyncClient) -> None:
    await receive_chairs(setup, "S1")
    await receive_chairs(setup, "S2", no="PR-2", location="EAST")
    await packed(setup, "CT1", serial("S1"))

    elsewhere = await pack(setup, "CT1", serial("S2"))
    assert elsewhere.status_code == 409, elsewhere.text
    assert (
        "Serial number S2 of item 1900-S: 1 to pack, 0 on hand at location MAIN"
        in (elsewhere.json()["detail"])
    )


async def test_contents_as_of_a_time_answers_what_the_package_held_then(
    setup: httpx.AsyncClient,
) -> None:
    await receive_chairs(setup, "S4", "S5")
    await packed(setup, "CT1", serial("S4"), serial("S5"))
    history = (await setup.get("/v1/packages/CT1/history")).json()["items"]
    packed_at = history[0]["packed_at"]
    await unpacked(setup, "CT1", serial("S4"))

    assert await contents(setup, "CT1") == ["S5"]
    assert await contents(setup, "CT1", as_of=packed_at) == ["S4", "S5"]
    assert await contents(setup, "CT1", as_of="2000-01-01T00:00:00Z") == []


# Case 5: what leaves the package's location by itself leaves the package.


async def carton_on_pallet(client: httpx.AsyncClient) -> None:
    """S1, S2 in CT1 on PAL1, S3 on PAL1 itself, 6 of lot L1 in CT2 on PAL1; all at MAIN."""
    await receive_chairs(client, "S1", "S2", "S3")
    await posted(client, "purchase_receipt", "PR-2", [lots(TABLE, "L1", 6)])
    await packed(client, "CT1", serial("S1"), serial("S2"))
    await packed(client, "CT2", lot("L1", 6))
    await packed(client, "PAL1", package("CT1"), package("CT2"), serial("S3"))


async def test_a_serial_shipped_alone_leaves_its_carton_and_pallet(
    setup: httpx.AsyncClient,
) -> None:
    await carton_on_pallet(setup)
    await posted(setup, "sales_shipment", "SS-1", [chairs("S1")])
    await posted(setup, "transfer", "TR-1", [{**chairs("S3"), "new_location_code": "EAST"}])

    assert await contents(setup, "PAL1") == ["CT1", "S2", "CT2", "L1x6"]
    where = (await setup.get("/v1/where-is", params={"item_no": CHAIR, "serial_no": "S1"})).json()
    assert where["chain"] == [{"kind": "lot", "item_no": CHAIR, "variant_code": "",
                               "lot_no": "LOT0001"}]  # fmt: skip


async def test_a_lot_written_off_or_consumed_in_part_leaves_only_that_part(
    setup: httpx.AsyncClient,
) -> None:
    await carton_on_pallet(setup)
    await posted(setup, "negative_adjustment", "NA-1", [lots(TABLE, "L1", 2)])
    assert await contents(setup, "CT2") == ["L1x4"]
    await posted(setup, "negative_adjustment", "NA-2", [lots(TABLE, "L1", 4)])
    assert await contents(setup, "CT2") == []
    history = (await setup.get("/v1/packages/CT2/history")).json()["items"]
    assert [(h["quantity"], h["unpacked_by"]) for h in history] == [
        (6, "posting NA-1"),
        (4, "posting NA-2"),
    ]


async def test_a_carton_shipped_off_a_pallet_leaves_the_pallet_with_what_it_holds(
    setup: httpx.AsyncClient,
) -> None:
    await carton_on_pallet(setup)
    moves = [{"package_no": "CT1", "location_code": "MAIN"}]
    await posted(setup, "sales_shipment", "SS-1", [], packages=moves)

    assert await contents(setup, "PAL1") == ["CT2", "L1x6", "S3"]
    assert await contents(setup, "CT1") == ["S1", "S2"]  # went to the customer with them
    where = (await setup.get("/v1/where-is", params={"package_no": "CT1"})).json()
    assert where["chain"] == []
    assert where["on_hand"] == []
    # Case 3: where-is of a package shipped whole shows the shipment.
    assert sorted((s["document_no"], s["serial_no"]) for s in where["shipped_to"]) == [
        ("SS-1", "S1"),
        ("SS-1", "S2"),
    ]


async def test_a_serial_returned_alone_is_not_reported_in_the_pallet_it_left_in(
    setup: httpx.AsyncClient,
) -> None:
    await carton_on_pallet(setup)
    moves = [{"package_no": "PAL1", "location_code": "MAIN"}]
    shipped = await posted(setup, "sales_shipment", "SS-1", [], packages=moves)
    sale = next(e for e in shipped["entries"] if e["serial_no"] == "S1")
    back = {**chairs("S1", location="EAST"), "tracking": [
        {"serial_no": "S1", "lot_no": "LOT0001", "applies_from_entry_no": sale["entry_no"]}
    ]}  # fmt: skip
    await posted(setup, "sales_return_receipt", "SR-1", [back])

    where = (await setup.get("/v1/where-is", params={"item_no": CHAIR, "serial_no": "S1"})).json()
    assert [c.get("package_no") for c in where["chain"]] == [None]  # its lot only
    assert await contents(setup, "CT1") == ["S2"]


async def test_a_pallet_transferred_whole_takes_everything_in_it_along(
    setup: httpx.AsyncClient,
) -> None:
    await carton_on_pallet(setup)
    moves = [{"package_no": "PAL1", "location_code": "MAIN", "new_location_code": "EAST"}]
    await posted(setup, "transfer", "TR-1", [], packages=moves)

    assert await contents(setup, "PAL1") == ["CT1", "S1", "S2", "CT2", "L1x6", "S3"]
    stock = (await setup.get("/v1/on-hand", params={"package_no": "PAL1"})).json()["rows"]
    assert {(r["location_code"], r["quantity"]) for r in stock} == {("EAST", 1), ("EAST", 6)}
    more = await pack(setup, "PAL1", serial("S9"))  # nothing of S9 at EAST
    assert more.status_code == 404 or more.json()["code"] == "not-on-hand"


# Cases 2 and 9: traces cover exactly what the package held, and when.


async def test_a_pallet_trace_leaves_out_what_left_its_carton_before_it_was_packed(
    setup: httpx.AsyncClient,
) -> None:
    await receive_chairs(setup, "S4", "S5")
    await packed(setup, "CT1", serial("S4"), serial("S5"))
    await unpacked(setup, "CT1", serial("S4"))
    await packed(setup, "PAL1", package("CT1"))

    for method in ("origin-to-usage", "usage-to-origin"):
        params = {"package_no": "PAL1", "method": method}
        trace = (await setup.get("/v1/trace", params=params)).json()
        assert {r["serial_no"] for r in trace["rows"]} == {"S5"}, method
        assert trace["packages"] == ["CT1", "PAL1"], method
    carton = (await setup.get("/v1/trace", params={"package_no": "CT1"})).json()
    assert {r["serial_no"] for r in carton["rows"]} == {"S4", "S5"}


# One truth, every read.


async def test_the_package_card_shows_inventory_and_expired_inventory_per_item(
    setup: httpx.AsyncClient,
) -> None:
    await receive_chairs(setup, "S1", "S2")
    lamps = lots("1928-S", "LAMP1", 5, expiration_date="2026-11-30")
    await posted(setup, "purchase_receipt", "PR-2", [lamps])
    await packed(setup, "CT1", serial("S1"), serial("S2"), lot("LAMP1", 5, item_no="1928-S"))
    card = await setup.post("/v1/packages", json={"package_no": "CT1", "user": "qa"})
    assert card.status_code == 201, card.text

    read = (await setup.get("/v1/packages/CT1")).json()
    assert [(i["item_no"], i["inventory"], i["expired_inventory"]) for i in read["inventory"]] == [
        ("1900-S", 2, 0),
        ("1928-S", 5, 5),
    ]
    await posted(setup, "sales_shipment", "SS-1", [chairs("S1")])
    again = (await setup.get("/v1/packages/CT1")).json()
    assert [(i["item_no"], i["inventory"]) for i in again["inventory"]] == [
        ("1900-S", 1),
        ("1928-S", 5),
    ]


async def test_every_read_agrees_on_what_a_pallet_holds(setup: httpx.AsyncClient) -> None:
    # Packed three ways: a tracking line's package_no, a receipt's `pack`, POST /pack.
    stamped = chairs("S1", "S2")
    stamped["tracking"] = [{**t, "package_no": "CT1"} for t in stamped["tracking"]]
    await posted(setup, "purchase_receipt", "PR-1", [stamped])
    await posted(setup, "purchase_receipt", "PR-2", [lots(TABLE, "L1", 6)],
                 pack=[{"package_no": "CT2", "contents": [lot("L1", 6)]}])  # fmt: skip
    await receive_chairs(setup, "S3", no="PR-3")
    await packed(setup, "PAL1", package("CT1"), package("CT2"), serial("S3"))
    assert await contents(setup, "PAL1") == ["CT1", "S1", "S2", "CT2", "L1x6", "S3"]
    # Then partly shipped, transferred, unpacked and returned.
    shipped = await posted(setup, "sales_shipment", "SS-1", [chairs("S1")])
    await posted(setup, "transfer", "TR-1", [{**lots(TABLE, "L1", 2), "new_location_code": "EAST"}])
    await unpacked(setup, "PAL1", serial("S3"))
    sale = shipped["entries"][0]["entry_no"]
    back = {**chairs("S1"), "tracking": [
        {"serial_no": "S1", "lot_no": "LOT0001", "applies_from_entry_no": sale}
    ]}  # fmt: skip
    await posted(setup, "sales_return_receipt", "SR-1", [back])

    # Containment.
    assert await contents(setup, "PAL1") == ["CT1", "S2", "CT2", "L1x4"]
    # On-hand by package, the card and where-is: what it holds, where it holds it.
    held = {("1900-S", "S2", 1.0), ("1910-S", "", 4.0)}
    stock = (await setup.get("/v1/on-hand", params={"package_no": "PAL1"})).json()["rows"]
    assert {(r["item_no"], r["serial_no"], r["quantity"]) for r in stock} == held
    assert {r["location_code"] for r in stock} == {"MAIN"}
    where = (await setup.get("/v1/where-is", params={"package_no": "PAL1"})).json()
    assert {(r["item_no"], r["serial_no"], r["quantity"]) for r in where["on_hand"]} == held
    assert [(s["document_no"], s["serial_no"]) for s in where["shipped_to"]] == [("SS-1", "S1")]
    # Ledger entries by package: what happened to what it held while it held it.
    entries = (await setup.get("/v1/ledger-entries", params={"package_no": "PAL1"})).json()
    assert sorted(
        (e["document_no"], e["serial_no"] or e["lot_no"], e["quantity"]) for e in entries["items"]
    ) == [
        ("SS-1", "S1", -1.0),
        ("TR-1", "L1", -2.0),
        ("TR-1", "L1", 2.0),
    ]
    carton = (await setup.get("/v1/ledger-entries", params={"package_no": "CT1"})).json()
    assert sorted((e["document_no"], e["serial_no"]) for e in carton["items"]) == [
        ("PR-1", "S1"), ("PR-1", "S2"), ("SS-1", "S1"),
    ]  # fmt: skip
    # Traces and recalls: every number it held, none it did not.
    trace = (await setup.get("/v1/trace", params={"package_no": "PAL1"})).json()
    assert {r["serial_no"] or r["lot_no"] for r in trace["rows"]} == {"S1", "S2", "S3", "L1"}
    recall = await setup.post("/v1/recalls", json={
        "recall_no": "RC-1", "reason": "test", "user": "qa", "numbers": [{"package_no": "PAL1"}],
    })  # fmt: skip
    assert recall.status_code == 200, recall.text
    customers = recall.json()["customers"]
    assert {s["document_no"] for c in customers for s in c["shipments"]} == {"SS-1"}
    on_hand = {
        (s["serial_no"] or s["lot_no"], tuple(sorted(s["packages"])))
        for s in recall.json()["on_hand"]
    }
    assert ("S2", ("CT1", "PAL1")) in on_hand
    assert ("S1", ()) in on_hand  # came back, in no package


async def test_a_trace_lists_only_the_packages_of_the_numbers_in_its_rows(
    setup: httpx.AsyncClient,
) -> None:
    # Case 9: the drum of a component lot the rows leave out (show_components=no) is not listed.
    await posted(setup, "purchase_receipt", "PR-1", [lots(TABLE, "L1", 6)])
    await packed(setup, "DRUM1", lot("L1", 6))
    await posted(setup, "production", "PO-1", [
        {**lots(TABLE, "L1", 2), "type": "consumption"},
        {**lots("1928-S", "F1", 1, expiration_date="2031-01-01"), "type": "output"},
    ], order_no="PO-1")  # fmt: skip

    for components, rows, packages in (("no", {"F1"}, []), ("all", {"F1", "L1"}, ["DRUM1"])):
        params = {"item_no": "1928-S", "lot_no": "F1", "method": "usage-to-origin",
                  "show_components": components}  # fmt: skip
        trace = (await setup.get("/v1/trace", params=params)).json()
        assert {r["lot_no"] for r in trace["rows"]} == rows, components
        assert trace["packages"] == packages, components
