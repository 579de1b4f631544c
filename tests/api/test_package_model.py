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
