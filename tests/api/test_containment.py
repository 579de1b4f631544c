"""`/v1/packages/{no}/pack`, `/unpack`, `/contents`, `/history`, `/where`: packages holding lots,
serial numbers and packages, against the real Neo4j."""

import asyncio
from datetime import datetime
from typing import Any

import httpx
import pytest
from neo4j import AsyncManagedTransaction

from service.demo import seed
from service.domain.containment import LotRef, PackageRef, SerialRef
from service.graph import containment
from service.graph.store import Graph, Reader
from tests.api.posting_helpers import chairs, lots, post

ITEM = "1900-S"  # serial and lot specific
LOT_ITEM = "1910-S"  # lot specific


@pytest.fixture(autouse=True)
async def _demo_setup(client: httpx.AsyncClient, graph: Graph) -> None:
    """Items and locations: what is packed must be on hand at the package's location."""
    await seed(graph)


def package(no: str) -> dict[str, Any]:
    return {"package_no": no}


def lot(no: str, quantity: float, item_no: str = LOT_ITEM) -> dict[str, Any]:
    return {"item_no": item_no, "lot_no": no, "quantity": quantity}


def serial(no: str) -> dict[str, Any]:
    return {"item_no": ITEM, "serial_no": no}


async def create_lot(client: httpx.AsyncClient, no: str) -> None:
    """Ten of lot `no` of LOT_ITEM on hand at MAIN."""
    response = await post(client, "positive_adjustment", f"ADJ-{no}", [lots(LOT_ITEM, no, 10)])
    assert response.status_code == 201, response.text


async def create_serial(client: httpx.AsyncClient, no: str, lot_no: str = "LOT0002") -> None:
    """Serial number `no` of ITEM, in lot `lot_no`, on hand at MAIN."""
    response = await post(client, "positive_adjustment", f"ADJ-{no}", [chairs(no, lot=lot_no)])
    assert response.status_code == 201, response.text


async def link(graph: Graph, serial_no: str, lot_no: str) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        ref = SerialRef(item_no=ITEM, serial_no=serial_no)
        await containment.link_serial_to_lot(tx, serial=ref, lot_no=lot_no)

    await graph.write(work)


async def pack(
    client: httpx.AsyncClient, into: str, *contents: dict[str, Any], user: str = "anna"
) -> httpx.Response:
    return await client.post(
        f"/v1/packages/{into}/pack", json={"user": user, "contents": list(contents)}
    )


async def packed(client: httpx.AsyncClient, into: str, *contents: dict[str, Any]) -> None:
    response = await pack(client, into, *contents)
    assert response.status_code == 200, response.text


async def unpack(client: httpx.AsyncClient, source: str, **body: Any) -> httpx.Response:
    return await client.post(f"/v1/packages/{source}/unpack", json={"user": "ben", **body})


def outline(contents: list[dict[str, Any]], depth: int = 0) -> list[str]:
    """A tree as indented lines: `package CARTON1`, `  lot LOT0001 x4`, `    serial 1001`."""
    lines: list[str] = []
    for node in contents:
        number = node.get("package_no") or node.get("lot_no") or node["serial_no"]
        amount = f" x{node['quantity']:g}" if node["kind"] == "lot" else ""
        lines.append(f"{'  ' * depth}{node['kind']} {number}{amount}")
        lines.extend(outline(node["contents"], depth + 1))
    return lines


async def tree(client: httpx.AsyncClient, no: str) -> list[str]:
    response = await client.get(f"/v1/packages/{no}/contents")
    assert response.status_code == 200, response.text
    return outline(response.json()["contents"])


async def pallet_carton_lot_serial(client: httpx.AsyncClient, graph: Graph) -> None:
    for no in ("1001", "1002"):
        await create_serial(client, no, lot_no="LOT0001")
    await create_serial(client, "2001")
    await link(graph, "1001", "LOT0001")
    await link(graph, "1002", "LOT0001")
    await packed(client, "CONTAINER010", lot("LOT0001", 2, ITEM), serial("2001"))
    await packed(client, "PALLET7", package("CONTAINER010"))


async def test_pallet_carton_lot_serial_is_read_back_as_a_tree(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await pallet_carton_lot_serial(client, graph)

    response = await client.get("/v1/packages/PALLET7/contents")
    assert response.status_code == 200
    body = response.json()
    assert body["package_no"] == "PALLET7"
    assert outline(body["contents"]) == [
        "package CONTAINER010",
        "  lot LOT0001 x2",
        "    serial 1001",
        "    serial 1002",
        "  serial 2001",
    ]
    container = body["contents"][0]
    assert (container["packed_by"], container["quantity"]) == ("anna", 1)
    assert datetime.fromisoformat(container["packed_at"])
    lot_node = container["contents"][0]
    assert (lot_node["item_no"], lot_node["variant_code"]) == (ITEM, "")
    assert lot_node["contents"][0]["packed_at"] is None  # inside through its lot
    assert await tree(client, "CONTAINER010") == [
        "lot LOT0001 x2",
        "  serial 1001",
        "  serial 1002",
        "serial 2001",
    ]


async def test_pack_answers_with_the_contents_and_creates_new_packages(
    client: httpx.AsyncClient,
) -> None:
    response = await pack(client, "PALLET1", package("CARTON1"), package("CARTON2"))
    assert response.status_code == 200
    assert outline(response.json()["contents"]) == ["package CARTON1", "package CARTON2"]
    assert await tree(client, "CARTON1") == []


async def test_where_is_a_serial_goes_through_its_lot_to_the_outermost_package(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await pallet_carton_lot_serial(client, graph)

    where = await containment.containment_chain(graph, of=SerialRef(item_no=ITEM, serial_no="1001"))
    assert where.chain == [
        LotRef(item_no=ITEM, lot_no="LOT0001"),
        PackageRef(package_no="CONTAINER010"),
        PackageRef(package_no="PALLET7"),
    ]
    packed_itself = await containment.containment_chain(
        graph, of=SerialRef(item_no=ITEM, serial_no="2001")
    )
    assert [c.model_dump() for c in packed_itself.chain] == [
        {"kind": "package", "package_no": "CONTAINER010"},
        {"kind": "package", "package_no": "PALLET7"},
    ]
    response = await client.get("/v1/packages/CONTAINER010/where")
    assert response.json() == {
        "of": {"kind": "package", "package_no": "CONTAINER010"},
        "chain": [{"kind": "package", "package_no": "PALLET7"}],
    }
    assert (await client.get("/v1/packages/PALLET7/where")).json()["chain"] == []


async def test_packing_a_package_into_one_inside_it_is_refused(client: httpx.AsyncClient) -> None:
    await packed(client, "PALLET1", package("CARTON1"))
    direct = await pack(client, "CARTON1", package("PALLET1"))
    assert direct.status_code == 409
    assert direct.json()["code"] == "containment-cycle"
    assert direct.json()["detail"] == (
        "Package PALLET1 cannot be packed into CARTON1 because CARTON1 is inside PALLET1."
    )

    await packed(client, "CARTON1", package("BOX1"))
    await packed(client, "BOX1", package("BAG1"))
    deep = await pack(client, "BAG1", package("PALLET1"))
    assert deep.status_code == 409
    assert deep.json()["detail"] == (
        "Package PALLET1 cannot be packed into BAG1 because BAG1 is inside PALLET1."
    )
    assert await tree(client, "BAG1") == []


async def test_a_package_cannot_be_packed_into_itself(client: httpx.AsyncClient) -> None:
    response = await pack(client, "CARTON1", package("CARTON1"))
    assert response.status_code == 409
    assert response.json()["code"] == "containment-cycle"
    assert response.json()["detail"] == "Package CARTON1 cannot be packed into itself."


async def test_something_already_in_a_package_must_be_unpacked_first(
    client: httpx.AsyncClient,
) -> None:
    await create_serial(client, "1001")
    await packed(client, "CONTAINER010", serial("1001"))
    response = await pack(client, "CONTAINER011", serial("1001"))
    assert response.status_code == 409
    assert response.json()["code"] == "already-packed"
    assert response.json()["detail"] == (
        "Serial number 1001 of item 1900-S is already in package CONTAINER010; unpack it first."
    )
    assert (await client.get("/v1/packages/CONTAINER011/contents")).status_code == 404


async def test_a_lot_may_be_split_over_packages_up_to_what_is_on_hand(
    client: httpx.AsyncClient,
) -> None:
    await create_lot(client, "LOT0001")
    await packed(client, "CONTAINER010", lot("LOT0001", 4))
    again = await pack(client, "CONTAINER010", lot("LOT0001", 1))
    assert (again.status_code, again.json()["code"]) == (409, "already-packed")
    await packed(client, "CONTAINER011", lot("LOT0001", 6))
    more = await pack(client, "CONTAINER012", lot("LOT0001", 1))
    assert more.status_code == 409
    assert more.json()["detail"] == (
        "Lot LOT0001 of item 1910-S: 1 to pack, 0 on hand and not packed elsewhere."
    )


async def test_unpack_then_repack_elsewhere_keeps_both_in_the_history(
    client: httpx.AsyncClient,
) -> None:
    await create_serial(client, "1001")
    await packed(client, "CARTON1", serial("1001"))
    unpacked = await unpack(client, "CARTON1", contents=[serial("1001")])
    assert unpacked.status_code == 200
    assert unpacked.json()["contents"] == []
    await packed(client, "CARTON2", serial("1001"))

    first = (await client.get("/v1/packages/CARTON1/history")).json()
    assert first["next_offset"] is None
    [was] = first["items"]
    assert was["content"] == {
        "kind": "serial",
        "item_no": ITEM,
        "variant_code": "",
        "serial_no": "1001",
    }
    assert (was["packed_by"], was["unpacked_by"]) == ("anna", "ben")
    [now] = (await client.get("/v1/packages/CARTON2/history")).json()["items"]
    assert (now["unpacked_at"], now["unpacked_by"]) == (None, None)
    stamps = [was["packed_at"], was["unpacked_at"], now["packed_at"]]
    times = [datetime.fromisoformat(s) for s in stamps]
    assert times == sorted(times)
    assert times[0] < times[2]
    assert await tree(client, "CARTON2") == ["serial 1001"]


async def test_history_lists_every_packing_oldest_first_and_pages(
    client: httpx.AsyncClient,
) -> None:
    for no in ("C1", "C2", "C3"):
        await packed(client, "PALLET1", package(no))
    await unpack(client, "PALLET1", contents=[package("C1")])
    await packed(client, "PALLET1", package("C1"))

    page = (await client.get("/v1/packages/PALLET1/history", params={"limit": 3})).json()
    assert [e["content"]["package_no"] for e in page["items"]] == ["C1", "C2", "C3"]
    assert page["items"][0]["unpacked_at"] is not None
    rest = (await client.get("/v1/packages/PALLET1/history", params={"offset": 3})).json()
    assert [(e["content"]["package_no"], e["unpacked_at"]) for e in rest["items"]] == [("C1", None)]


async def test_unpacking_what_is_not_in_the_package_is_refused(
    client: httpx.AsyncClient,
) -> None:
    await create_lot(client, "LOT0001")
    await packed(client, "CARTON1", lot("LOT0001", 2))
    await packed(client, "CARTON2", package("BOX1"))

    elsewhere = await unpack(
        client, "CARTON2", contents=[{"item_no": LOT_ITEM, "lot_no": "LOT0001"}]
    )
    assert elsewhere.status_code == 409
    assert elsewhere.json()["code"] == "not-in-package"
    assert elsewhere.json()["detail"] == (
        "Lot LOT0001 of item 1910-S is not in package CARTON2; it is in package CARTON1."
    )
    both = await unpack(client, "CARTON2", contents=[package("BOX1"), package("BOX2")])
    assert both.status_code == 409
    assert both.json()["detail"] == "Package BOX2 is not in package CARTON2."
    assert await tree(client, "CARTON2") == ["package BOX1"]


async def test_unpack_all_takes_out_one_level(client: httpx.AsyncClient) -> None:
    await packed(client, "CARTON1", package("BOX1"))
    await packed(client, "PALLET1", package("CARTON1"), package("CARTON2"))

    response = await unpack(client, "PALLET1", all=True)
    assert response.status_code == 200
    assert response.json() == {"package_no": "PALLET1", "contents": []}
    assert await tree(client, "CARTON1") == ["package BOX1"]
    again = await pack(client, "PALLET2", package("CARTON1"))
    assert again.status_code == 200


async def test_unknown_lot_is_a_404_naming_it(client: httpx.AsyncClient) -> None:
    response = await pack(client, "CARTON1", lot("NOPE", 1))
    assert response.status_code == 404
    assert response.json()["code"] == "lot-not-found"
    assert response.json()["detail"] == "Lot NOPE of item 1910-S does not exist."


async def test_unknown_package_reads_are_a_404(client: httpx.AsyncClient) -> None:
    for path in ("contents", "history", "where"):
        response = await client.get(f"/v1/packages/NOPE/{path}")
        assert response.status_code == 404, path
        assert response.json()["code"] == "package-not-found"
    response = await unpack(client, "NOPE", all=True)
    assert response.status_code == 404


async def test_one_bad_content_leaves_nothing_packed(client: httpx.AsyncClient) -> None:
    await create_lot(client, "LOT0001")
    await create_serial(client, "1001")
    response = await pack(client, "CARTON1", lot("LOT0001", 3), serial("1001"), serial("NOPE"))
    assert response.status_code == 404
    assert response.json()["detail"] == "Serial number NOPE of item 1900-S does not exist."
    assert (await client.get("/v1/packages/CARTON1/contents")).status_code == 404
    assert (await pack(client, "CARTON2", lot("LOT0001", 3), serial("1001"))).status_code == 200

    await packed(client, "CARTON3", package("BOX1"))
    partly = await unpack(client, "CARTON2", contents=[serial("1001"), package("BOX1")])
    assert partly.status_code == 409
    assert await tree(client, "CARTON2") == ["lot LOT0001 x3", "serial 1001"]


async def test_empty_contents_or_a_negative_lot_quantity_is_a_422_naming_the_field(
    client: httpx.AsyncClient,
) -> None:
    empty = await pack(client, "CARTON1")
    assert empty.status_code == 422
    assert [e["field"] for e in empty.json()["errors"]] == ["contents"]

    negative = await pack(client, "CARTON1", lot("LOT0001", -2))
    assert negative.status_code == 422
    assert [e["field"] for e in negative.json()["errors"]] == ["contents.0.lot.quantity"]

    neither = await unpack(client, "CARTON1")
    assert [e["field"] for e in neither.json()["errors"]] == ["all"]


async def test_contents_of_lists_everything_inside_for_shipping(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await pallet_carton_lot_serial(client, graph)

    async def work(tx: Reader) -> list[tuple[str, str, float]]:
        rows = await containment.contents_of(tx, package_no="PALLET7")
        return sorted((row.content.kind, row.parent.kind, row.quantity) for row in rows)

    assert await graph.read(work) == [
        ("lot", "package", 2),
        ("package", "package", 1),
        ("serial", "lot", 1),
        ("serial", "lot", 1),
        ("serial", "package", 1),
    ]


async def test_concurrent_packings_never_close_a_cycle(client: httpx.AsyncClient) -> None:
    # P1 holds Q2 and P2 holds Q1: packing P1 into Q1 and P2 into Q2 together would make
    # P1 > Q2 > P2 > Q1 > P1. Each alone is fine; run at once, exactly one may succeed.
    for attempt in range(5):
        p1, p2, q1, q2 = (f"{name}-{attempt}" for name in ("P1", "P2", "Q1", "Q2"))
        await packed(client, p1, package(q2))
        await packed(client, p2, package(q1))
        results = await asyncio.gather(pack(client, q1, package(p1)), pack(client, q2, package(p2)))
        assert sorted(r.status_code for r in results) == [200, 409], [r.text for r in results]
