"""`POST /v1/postings`: one scenario per document kind, all or nothing, idempotency, concurrency."""

import asyncio

import httpx
import pytest

from service.demo import seed
from service.domain.postings import Document
from service.errors import DomainError
from service.graph.postings import post_document
from service.graph.store import Graph, open_graph_for
from service.settings import Settings
from tests.api.posting_helpers import chairs, count_entries, lots, post, problem_code, remaining


@pytest.fixture
async def demo(client: httpx.AsyncClient, graph: Graph) -> httpx.AsyncClient:
    await seed(graph)
    return client


async def test_purchase_receipt_makes_one_entry_per_serial_with_default_dates(
    demo: httpx.AsyncClient,
) -> None:
    response = await post(demo, "purchase_receipt", "PR-1",
                          [chairs("1001", "1002", "1003", "1004"),
                           lots("1928-S", "LOT200", 10)], posting_date="2026-11-01")  # fmt: skip
    assert response.status_code == 201, response.text
    entries = response.json()["entries"]
    assert [(e["entry_type"], e["serial_no"], e["quantity"]) for e in entries[:4]] == [
        ("Purchase", s, 1.0) for s in ("1001", "1002", "1003", "1004")
    ]
    assert {e["lot_no"] for e in entries[:4]} == {"LOT0001"}
    assert entries[0]["warranty_date"] == "2028-11-01"  # SNLOT: warranty <2Y>
    assert entries[4]["expiration_date"] == "2031-11-01"  # 1928-S: expiration <5Y>
    assert entries[0]["source_type"] == "Vendor"
    assert entries[0]["source_no"] == "V20000"
    assert all(e["open"] for e in entries)
    # the code creates serial information cards on posting
    card = await demo.get("/v1/serial-nos/1900-S/1004")
    assert card.status_code == 200
    assert card.json()["blocked"] is False


async def test_sales_shipment_applies_to_the_receipt_and_closes_it(
    demo: httpx.AsyncClient, graph: Graph
) -> None:
    received = await post(demo, "purchase_receipt", "PR-1", [chairs("1001", "1002")])
    first = received.json()["entries"][0]["entry_no"]
    shipped = await post(demo, "sales_shipment", "SS-1", [chairs("1001")])
    assert shipped.status_code == 201, shipped.text
    entry = shipped.json()["entries"][0]
    assert entry["entry_type"] == "Sale"
    assert entry["quantity"] == -1.0
    assert entry["applied_to"] == [{"entry_no": first, "quantity": 1.0}]
    assert entry["source_no"] == "C10000"
    assert await remaining(graph, first) == 0.0


async def test_purchase_return_shipment_sends_a_serial_back_to_the_vendor(
    demo: httpx.AsyncClient,
) -> None:
    await post(demo, "purchase_receipt", "PR-1", [chairs("1001")])
    returned = await post(demo, "purchase_return_shipment", "PRS-1", [chairs("1001")])
    assert returned.status_code == 201, returned.text
    assert returned.json()["entries"][0]["entry_type"] == "Purchase"
    assert returned.json()["entries"][0]["quantity"] == -1.0


async def test_sales_return_receipt_puts_the_serial_back_on_inventory(
    demo: httpx.AsyncClient,
) -> None:
    await post(demo, "purchase_receipt", "PR-1", [chairs("1001")])
    await post(demo, "sales_shipment", "SS-1", [chairs("1001")])
    back = await post(demo, "sales_return_receipt", "SR-1", [chairs("1001")])
    assert back.status_code == 201, back.text
    assert back.json()["entries"][0]["entry_type"] == "Sale"
    assert back.json()["entries"][0]["quantity"] == 1.0
    again = await post(demo, "sales_shipment", "SS-2", [chairs("1001")])
    assert again.status_code == 201, again.text


async def test_positive_and_negative_adjustments(demo: httpx.AsyncClient) -> None:
    found = await post(demo, "positive_adjustment", "ADJ-1", [lots("1910-S", "LOT0100", 5)])
    assert found.status_code == 201, found.text
    assert found.json()["entries"][0]["entry_type"] == "Positive Adjmt."
    lost = await post(demo, "negative_adjustment", "ADJ-2", [lots("1910-S", "LOT0100", 2)])
    assert lost.status_code == 201, lost.text
    assert lost.json()["entries"][0]["entry_type"] == "Negative Adjmt."
    assert lost.json()["entries"][0]["quantity"] == -2.0


async def test_transfer_moves_the_same_numbers_and_dates_to_the_new_location(
    demo: httpx.AsyncClient,
) -> None:
    received = await post(demo, "purchase_receipt", "PR-1", [lots("1928-S", "LOT200", 10)])
    expiration = received.json()["entries"][0]["expiration_date"]
    moved = await post(demo, "transfer", "TR-1", [
        {**lots("1928-S", "LOT200", 4), "new_location_code": "EAST"},
    ])  # fmt: skip
    assert moved.status_code == 201, moved.text
    left, arrived = moved.json()["entries"]
    assert (left["entry_type"], left["location_code"], left["quantity"]) == (
        "Transfer",
        "MAIN",
        -4.0,
    )
    assert (arrived["location_code"], arrived["quantity"], arrived["lot_no"]) == (
        "EAST",
        4.0,
        "LOT200",
    )
    assert arrived["expiration_date"] == expiration
    from_east = await post(demo, "sales_shipment", "SS-1", [lots("1928-S", "LOT200", 4, "EAST")])
    assert from_east.status_code == 201, from_east.text
    too_many = await post(demo, "sales_shipment", "SS-2", [lots("1928-S", "LOT200", 1, "EAST")])
    assert too_many.status_code == 409


async def test_transfer_that_changes_numbers_is_refused(demo: httpx.AsyncClient) -> None:
    await post(demo, "purchase_receipt", "PR-1", [lots("1910-S", "LOT0100", 3)])
    changed = await post(demo, "transfer", "TR-1", [{
        "item_no": "1910-S", "location_code": "MAIN", "new_location_code": "EAST", "quantity": 3,
        "tracking": [{"lot_no": "LOT0100", "new_lot_no": "LOT0101", "quantity": 3}],
    }])  # fmt: skip
    assert changed.status_code == 409
    assert problem_code(changed) == "transfer-tracking-changed"
    assert changed.json()["detail"] == (
        "Item tracking numbers that shipped from one location must be received unchanged at "
        "the other location."
    )


async def test_reclassification_gives_a_lot_a_new_number_and_expiration_date(
    demo: httpx.AsyncClient,
) -> None:
    await post(demo, "purchase_receipt", "PR-1", [lots("1928-S", "LOT200", 6)])
    reclassified = await post(demo, "reclassification", "RC-1", [{
        "item_no": "1928-S", "location_code": "MAIN", "quantity": 6,
        "tracking": [{"lot_no": "LOT200", "new_lot_no": "LOT201", "quantity": 6,
                      "new_expiration_date": "2030-06-30"}],
    }])  # fmt: skip
    assert reclassified.status_code == 201, reclassified.text
    old, new = reclassified.json()["entries"]
    assert (old["lot_no"], old["quantity"]) == ("LOT200", -6.0)
    assert (new["lot_no"], new["quantity"], new["expiration_date"]) == ("LOT201", 6.0, "2030-06-30")
    gone = await post(demo, "sales_shipment", "SS-1", [lots("1928-S", "LOT200", 1)])
    assert gone.status_code == 409


async def test_production_consumes_components_and_outputs_a_serial(
    demo: httpx.AsyncClient, graph: Graph
) -> None:
    await post(demo, "purchase_receipt", "PR-1", [lots("1910-S", "LOT0100", 2),
                                                  lots("1928-S", "LOT200", 2)])  # fmt: skip
    produced = await post(demo, "production", "PROD-1", [
        {**lots("1910-S", "LOT0100", 1), "type": "consumption"},
        {**lots("1928-S", "LOT200", 1), "type": "consumption"},
        {**chairs("5001", lot="LOT0500"), "type": "output"},
    ], order_no="RPO-101")  # fmt: skip
    assert produced.status_code == 201, produced.text
    types = [e["entry_type"] for e in produced.json()["entries"]]
    assert types == ["Consumption", "Consumption", "Output"]
    result = await graph.driver.execute_query(
        "MATCH (c:ItemLedgerEntry)<-[:CONSUMED]-(o:ProductionOrder {orderNo: 'RPO-101'})"
        "<-[:OUTPUT_OF]-(out:ItemLedgerEntry) RETURN count(c) AS consumed, out.serialNo AS serial",
        database_=graph.database,
    )
    assert [(r["consumed"], r["serial"]) for r in result.records] == [(2, "5001")]


async def test_assembly_consumes_and_outputs_through_an_assembly_order(
    demo: httpx.AsyncClient,
) -> None:
    await post(demo, "purchase_receipt", "PR-1", [lots("1910-S", "LOT0100", 1)])
    assembled = await post(demo, "assembly", "ASM-1", [
        {**lots("1910-S", "LOT0100", 1), "type": "consumption"},
        {**chairs("7001", lot="LOT0700"), "type": "output"},
    ], order_no="A-1")  # fmt: skip
    assert assembled.status_code == 201, assembled.text
    assert [e["entry_type"] for e in assembled.json()["entries"]] == [
        "Assembly Consumption", "Assembly Output",
    ]  # fmt: skip


async def test_numbers_are_assigned_from_the_items_number_series(demo: httpx.AsyncClient) -> None:
    assigned = await post(demo, "purchase_receipt", "PR-1", [{
        "item_no": "1900-S", "location_code": "MAIN", "quantity": 3,
        "assign_serial_nos": True, "assign_lot_no": True,
    }])  # fmt: skip
    assert assigned.status_code == 201, assigned.text
    entries = assigned.json()["entries"]
    # the demo's cards for serial 1001 and lot LOT0001 exist: the series pass over them
    assert [e["serial_no"] for e in entries] == ["1002", "1003", "1004"]
    assert {e["lot_no"] for e in entries} == {"LOT0002"}


async def test_package_numbers_are_assigned_from_the_inventory_setups_series(
    demo: httpx.AsyncClient,
) -> None:
    assigned = await post(demo, "purchase_receipt", "PR-1", [
        {"item_no": "1900-S", "location_code": "MAIN", "quantity": 2,
         "assign_serial_nos": True, "assign_lot_no": True, "assign_package_no": True},
        {**lots("1910-S", "LOT0500", 4), "assign_package_no": True},
    ])  # fmt: skip
    assert assigned.status_code == 201, assigned.text
    entries = assigned.json()["entries"]
    assert [(e["serial_no"], e["lot_no"], e["package_no"]) for e in entries] == [
        ("1002", "LOT0002", "CONTAINER001"),
        ("1003", "LOT0002", "CONTAINER001"),
        ("", "LOT0500", "CONTAINER002"),
    ]
    in_first = (await demo.get("/v1/on-hand", params={"package_no": "CONTAINER001"})).json()
    assert sorted(r["serial_no"] for r in in_first["rows"]) == ["1002", "1003"]
    series = (await demo.get("/v1/number-series/PACKAGE")).json()
    assert series["last_no_used"] == "CONTAINER002"


async def test_a_package_number_needs_the_setups_series(
    demo: httpx.AsyncClient, graph: Graph
) -> None:
    cleared = await demo.put("/v1/inventory-setup", json={"package_nos": None})
    assert cleared.status_code == 200, cleared.text
    before = await count_entries(graph)
    refused = await post(demo, "purchase_receipt", "PR-1", [
        {**lots("1910-S", "LOT0500", 4), "assign_package_no": True},
    ])  # fmt: skip
    assert refused.status_code == 422
    assert refused.json()["errors"] == [{
        "field": "lines.0.assign_package_no",
        "message": "Inventory Setup has no Package Nos. number series to assign from.",
    }]  # fmt: skip
    assert await count_entries(graph) == before


async def test_numbers_are_not_assigned_to_stock_going_out(demo: httpx.AsyncClient) -> None:
    refused = await post(demo, "sales_shipment", "SS-1", [
        {**lots("1910-S", "LOT0100", 1), "assign_lot_no": True, "assign_package_no": True},
    ])  # fmt: skip
    assert refused.status_code == 422
    assert (
        "lines.assign_lot_no, lines.assign_package_no is only for lines that bring stock in, "
        "not a sales shipment line"
    ) in refused.text
    series = (await demo.get("/v1/number-series/PACKAGE")).json()
    assert series["last_no_used"] == ""


async def test_a_refused_line_leaves_nothing_written(demo: httpx.AsyncClient, graph: Graph) -> None:
    refused = await post(demo, "purchase_receipt", "PR-1", [
        chairs("1001"),
        {"item_no": "1900-S", "location_code": "MAIN", "quantity": 1},  # no serial: refused
    ])  # fmt: skip
    assert refused.status_code == 409
    assert await count_entries(graph) == 0
    assert (await demo.get("/v1/serial-nos/1900-S/1001")).status_code == 200  # the demo's card
    retry = await post(demo, "purchase_receipt", "PR-1", [chairs("1001")])
    assert retry.status_code == 201, retry.text


async def test_a_document_number_posts_once(demo: httpx.AsyncClient) -> None:
    await post(demo, "purchase_receipt", "PR-1", [chairs("1001")])
    again = await post(demo, "purchase_receipt", "PR-1", [chairs("1002")])
    assert again.status_code == 409
    assert problem_code(again) == "document-already-posted"
    assert again.json()["detail"] == "Purchase receipt PR-1 has already been posted."


async def test_replay_with_the_same_idempotency_key_returns_the_first_answer(
    demo: httpx.AsyncClient, graph: Graph
) -> None:
    headers = {"Idempotency-Key": "receipt-7f3a"}
    first = await post(demo, "purchase_receipt", "PR-1", [chairs("1001")], headers=headers)
    replay = await post(demo, "purchase_receipt", "PR-1", [chairs("1001")], headers=headers)
    assert first.status_code == replay.status_code == 201
    assert replay.json() == first.json()
    assert replay.headers["idempotent-replayed"] == "true"
    assert await count_entries(graph) == 1
    other = await post(demo, "purchase_receipt", "PR-2", [chairs("1002")], headers=headers)
    assert other.status_code == 409
    assert problem_code(other) == "idempotency-key-reused"


async def test_concurrent_replays_with_one_key_post_once(
    demo: httpx.AsyncClient, graph: Graph
) -> None:
    headers = {"Idempotency-Key": "burst-1"}
    answers = await asyncio.gather(*[
        post(demo, "purchase_receipt", "PR-1", [chairs("1001")], headers=headers) for _ in range(5)
    ])  # fmt: skip
    assert {a.status_code for a in answers} == {201}
    assert len({a.text for a in answers}) == 1
    assert await count_entries(graph) == 1


async def test_two_concurrent_shipments_of_one_serial_one_wins_one_is_refused(
    demo: httpx.AsyncClient,
) -> None:
    await post(demo, "purchase_receipt", "PR-1", [chairs("1001")])
    answers = await asyncio.gather(
        post(demo, "sales_shipment", "SS-1", [chairs("1001")]),
        post(demo, "sales_shipment", "SS-2", [chairs("1001")]),
    )
    assert sorted(a.status_code for a in answers) == [201, 409]
    refused = next(a for a in answers if a.status_code == 409)
    assert problem_code(refused) == "cannot-be-fully-applied"


async def test_a_refused_posting_draws_no_entry_numbers(demo: httpx.AsyncClient) -> None:
    first = await post(demo, "purchase_receipt", "PR-1", [chairs("1001")])
    refused = await post(demo, "sales_shipment", "SS-1", [chairs("1002")])  # not on inventory
    assert refused.status_code == 409
    second = await post(demo, "purchase_receipt", "PR-2", [chairs("1002")])
    assert second.json()["entries"][0]["entry_no"] == first.json()["entries"][0]["entry_no"] + 1


async def test_concurrent_postings_of_different_items_number_their_entries_once_each(
    demo: httpx.AsyncClient,
) -> None:
    answers = await asyncio.gather(
        post(demo, "purchase_receipt", "PR-1", [lots("1928-S", "LOT-C1", 5)]),
        post(demo, "purchase_receipt", "PR-2", [chairs("2001", "2002")]),
        post(demo, "purchase_receipt", "PR-3", [lots("1928-S", "LOT-C3", 5)]),
        post(demo, "purchase_receipt", "PR-4", [chairs("2003", "2004")]),
    )
    assert {a.status_code for a in answers} == {201}
    numbers = sorted(e["entry_no"] for a in answers for e in a.json()["entries"])
    assert numbers == list(range(numbers[0], numbers[0] + 6))  # 2 lot + 4 serial entries


async def test_postings_from_two_processes_still_queue_on_the_items_lock_in_neo4j(
    demo: httpx.AsyncClient, graph: Graph, settings: Settings
) -> None:
    """The in-process queue orders one service's postings; two services (two drivers here)
    meet at the item's lock in Neo4j, which still lets only one ship the serial."""
    await post(demo, "purchase_receipt", "PR-1", [chairs("1001")])
    other = open_graph_for(settings)
    try:
        shipments = [
            Document.model_validate(
                {
                    "kind": "sales_shipment",
                    "document_no": f"SS-{n}",
                    "posting_date": "2026-11-03",
                    "customer_no": "C10000",
                    "lines": [chairs("1001")],
                }
            )
            for n in (1, 2)
        ]
        answers = await asyncio.gather(
            post_document(graph, document=shipments[0], idempotency_key=None),
            post_document(other, document=shipments[1], idempotency_key=None),
            return_exceptions=True,
        )
    finally:
        await other.close()
    refused = [a for a in answers if isinstance(a, DomainError)]
    assert len(refused) == 1, answers
    assert refused[0].code == "cannot-be-fully-applied"


async def test_sales_document_needs_a_customer(demo: httpx.AsyncClient) -> None:
    response = await demo.post("/v1/postings", json={
        "kind": "sales_shipment", "document_no": "SS-1", "posting_date": "2026-11-02",
        "lines": [chairs("1001")],
    })  # fmt: skip
    assert response.status_code == 422
    assert "customer_no is required for a sales shipment" in response.text


async def test_unknown_location_and_item_are_422s_naming_the_field(demo: httpx.AsyncClient) -> None:
    nowhere = await post(demo, "purchase_receipt", "PR-1", [chairs("1001", location="MOON")])
    assert nowhere.status_code == 422
    assert nowhere.json()["errors"][0]["field"] == "lines.location_code"
    unknown = await post(demo, "purchase_receipt", "PR-2",
                         [{"item_no": "NOPE", "location_code": "MAIN", "quantity": 1}])  # fmt: skip
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0] == {
        "field": "lines.0.item_no",
        "message": "Item NOPE does not exist.",
    }


async def test_tracking_lines_must_add_up_to_the_line_quantity(demo: httpx.AsyncClient) -> None:
    response = await post(demo, "purchase_receipt", "PR-1", [{
        "item_no": "1910-S", "location_code": "MAIN", "quantity": 5,
        "tracking": [{"lot_no": "A", "quantity": 2}],
    }])  # fmt: skip
    assert response.status_code == 422
    assert "add up to 2" in response.text


async def test_outbound_from_a_bin_applies_to_stock_in_that_bin(demo: httpx.AsyncClient) -> None:
    received = await post(demo, "purchase_receipt", "PR-1", [
        {**lots("1910-S", "LOT0100", 2), "bin_code": "A-01"},
        {**lots("1910-S", "LOT0100", 2), "bin_code": "A-02"},
    ])  # fmt: skip
    in_a02 = received.json()["entries"][1]["entry_no"]
    shipped = await post(demo, "sales_shipment", "SS-1",
                         [{**lots("1910-S", "LOT0100", 1), "bin_code": "A-02"}])  # fmt: skip
    assert shipped.status_code == 201, shipped.text
    assert shipped.json()["entries"][0]["applied_to"][0]["entry_no"] == in_a02
    assert shipped.json()["entries"][0]["bin_code"] == "A-02"
    unknown_bin = await post(demo, "sales_shipment", "SS-2",
                             [{**lots("1910-S", "LOT0100", 1), "bin_code": "Z-99"}])  # fmt: skip
    assert unknown_bin.status_code == 422
    assert unknown_bin.json()["errors"][0]["field"] == "lines.bin_code"


async def test_an_outbound_line_without_a_bin_records_the_bin_it_took_from(
    demo: httpx.AsyncClient,
) -> None:
    await post(
        demo, "purchase_receipt", "PR-1", [{**lots("1910-S", "LOT0100", 2), "bin_code": "A-01"}]
    )
    shipped = await post(demo, "sales_shipment", "SS-1", [lots("1910-S", "LOT0100", 2)])
    assert shipped.status_code == 201, shipped.text
    assert [e["bin_code"] for e in shipped.json()["entries"]] == ["A-01"]
    on_hand = (await demo.get("/v1/on-hand", params={"lot_no": "LOT0100"})).json()
    assert on_hand["rows"] == []


async def test_a_transfer_to_another_location_does_not_carry_the_bin_along(
    demo: httpx.AsyncClient,
) -> None:
    await post(
        demo, "purchase_receipt", "PR-1", [{**lots("1910-S", "LOT0100", 2), "bin_code": "A-01"}]
    )
    line = {**lots("1910-S", "LOT0100", 2), "bin_code": "A-01", "new_location_code": "EAST"}
    moved = await post(demo, "transfer", "T-1", [line])
    assert moved.status_code == 201, moved.text
    sides = [(e["location_code"], e["bin_code"]) for e in moved.json()["entries"]]
    assert sides == [("MAIN", "A-01"), ("EAST", "")]


async def test_posted_documents_cannot_be_changed_or_deleted(demo: httpx.AsyncClient) -> None:
    await post(demo, "purchase_receipt", "PR-1", [chairs("1001")])
    assert (await demo.delete("/v1/postings")).status_code == 405
    assert (await demo.patch("/v1/postings")).status_code == 405


async def test_a_serial_series_driven_into_serials_entered_by_hand_gives_distinct_serials(
    demo: httpx.AsyncClient,
) -> None:
    by_hand = await post(demo, "purchase_receipt", "PR-HAND", [chairs("1003", "1004", "1006")])
    assert by_hand.status_code == 201, by_hand.text
    card = await demo.post("/v1/serial-nos", json={"item_no": "1900-S", "serial_no": "1008",
                                                   "user": "ann"})  # fmt: skip
    assert card.status_code == 201, card.text

    drawn = await post(demo, "purchase_receipt", "PR-SERIES", [{
        "item_no": "1900-S", "location_code": "MAIN", "quantity": 5,
        "assign_serial_nos": True, "tracking": [{"lot_no": "LOT0001", "quantity": 5}],
    }])  # fmt: skip

    assert drawn.status_code == 201, drawn.text
    assert [e["serial_no"] for e in drawn.json()["entries"]] == [
        "1002", "1005", "1007", "1009", "1010",
    ]  # fmt: skip
    on_hand = (await demo.get("/v1/on-hand", params={"item_no": "1900-S"})).json()["rows"]
    serials = [row["serial_no"] for row in on_hand]
    assert len(serials) == len(set(serials)) == 8, "eight chairs, eight serials"
    series = (await demo.get("/v1/number-series/SN-CHAIR")).json()
    assert (series["last_no_used"], series["skipped_nos"], series["last_skipped_no"]) == (
        "1010", 5, "1008",
    )  # fmt: skip  # 1001 (the demo's card), 1003, 1004, 1006, 1008
    nxt = (await demo.post("/v1/number-series/SN-CHAIR/next")).json()
    assert (nxt["numbers"], nxt["skipped"]) == (["1011"], [])


async def test_lot_and_package_series_pass_over_lots_and_packages_that_exist(
    demo: httpx.AsyncClient,
) -> None:
    by_hand = await post(demo, "purchase_receipt", "PR-HAND", [
        lots("1910-S", "LOT0002", 1, package_no="CONTAINER001"),
    ])  # fmt: skip
    assert by_hand.status_code == 201, by_hand.text

    drawn = await post(demo, "purchase_receipt", "PR-SERIES", [
        {"item_no": "1910-S", "location_code": "MAIN", "quantity": 2,
         "assign_lot_no": True, "assign_package_no": True},
    ])  # fmt: skip

    assert drawn.status_code == 201, drawn.text
    [entry] = drawn.json()["entries"]
    # LOT0001 is the chairs' lot (the series is shared), LOT0002 the side tables' own
    assert (entry["lot_no"], entry["package_no"]) == ("LOT0003", "CONTAINER002")
    lots_series = (await demo.get("/v1/number-series/LOT")).json()
    assert (lots_series["skipped_nos"], lots_series["last_skipped_no"]) == (2, "LOT0002")
    nxt = (await demo.post("/v1/number-series/PACKAGE/next", json={"count": 9})).json()
    assert "CONTAINER010" not in nxt["numbers"], "the demo's container exists"
    assert nxt["skipped"] == ["CONTAINER010"]
