"""Every item tracking rule at posting time, allowed and refused, in Business Central's words."""

from typing import Any

import httpx
import pytest

from service.demo import seed
from service.graph.store import Graph
from tests.api.posting_helpers import chairs, line, lots, post, problem_code, tracked_item


@pytest.fixture
async def demo(client: httpx.AsyncClient, graph: Graph) -> httpx.AsyncClient:
    await seed(graph)
    return client


async def _lots_shipped(
    client: httpx.AsyncClient, document_no: str, item_no: str, quantity: float, **extra: Any
) -> list[tuple[str, float]]:
    """Ship `quantity` of an item naming no number; the lots it took, with their quantities."""
    shipped = await post(client, "sales_shipment", document_no, [line(item_no, quantity)], **extra)
    assert shipped.status_code == 201, shipped.text
    return [(e["lot_no"], e["quantity"]) for e in shipped.json()["entries"]]


async def test_serial_required_under_specific_tracking(demo: httpx.AsyncClient) -> None:
    refused = await post(demo, "purchase_receipt", "PR-1", [line("1900-S", lot_no="L1")])
    assert refused.status_code == 409
    assert problem_code(refused) == "serial-no-required"
    assert refused.json()["detail"] == "You must assign a serial number for item 1900-S."
    allowed = await post(demo, "purchase_receipt", "PR-2", [chairs("1001")])
    assert allowed.status_code == 201


async def test_requirement_flags_apply_per_entry_type_and_direction(
    demo: httpx.AsyncClient,
) -> None:
    await tracked_item(demo, "LOTSALE", {"lot_sales_outbound_tracking": True})
    received = await post(demo, "purchase_receipt", "PR-1", [line("LOTSALE", 3)])
    assert received.status_code == 201, received.text  # no lot needed inbound
    refused = await post(demo, "sales_shipment", "SS-1", [line("LOTSALE", 1)])
    assert refused.status_code == 409
    assert refused.json()["detail"] == "You must assign a lot number for item LOTSALE."


async def test_serial_quantity_must_be_one(demo: httpx.AsyncClient) -> None:
    refused = await post(demo, "purchase_receipt", "PR-1",
                         [line("1900-S", 2, serial_no="1001", lot_no="L1")])  # fmt: skip
    assert refused.status_code == 409
    assert refused.json()["detail"] == "Quantity must be -1, 0 or 1 when Serial No. is stated."


async def test_serial_already_on_inventory_cannot_be_received_again(
    demo: httpx.AsyncClient,
) -> None:
    await post(demo, "purchase_receipt", "PR-1", [chairs("1001")])
    refused = await post(demo, "positive_adjustment", "ADJ-1", [chairs("1001")])
    assert refused.status_code == 409
    assert refused.json()["detail"] == "Serial No. 1001 is already on inventory."
    twice = await post(demo, "purchase_receipt", "PR-2", [chairs("2001", "2001")])
    assert twice.status_code == 409
    assert problem_code(twice) == "serial-on-inventory"


async def test_same_serial_under_another_item_is_another_serial(demo: httpx.AsyncClient) -> None:
    await tracked_item(demo, "SNOTHER", {"sn_specific_tracking": True})
    await post(demo, "purchase_receipt", "PR-1", [chairs("1001")])
    other = await post(demo, "purchase_receipt", "PR-2", [line("SNOTHER", serial_no="1001")])
    assert other.status_code == 201, other.text


async def test_specific_outbound_must_apply_fully(demo: httpx.AsyncClient) -> None:
    refused = await post(demo, "sales_shipment", "SS-1", [chairs("9999")])
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "Item Tracking Serial No. 9999 Lot No. LOT0001 for Item No. 1900-S cannot be fully applied."
    )


async def test_on_hand_never_goes_negative(demo: httpx.AsyncClient) -> None:
    await demo.post("/v1/items", json={"no": "PLAIN"})
    await post(demo, "positive_adjustment", "ADJ-1", [line("PLAIN", 2)])
    refused = await post(demo, "negative_adjustment", "ADJ-2", [line("PLAIN", 3)])
    assert refused.status_code == 409
    assert problem_code(refused) == "insufficient-quantity"
    allowed = await post(demo, "negative_adjustment", "ADJ-3", [line("PLAIN", 2)])
    assert allowed.status_code == 201


async def test_expired_stock_cannot_ship_under_strict_expiration_posting(
    demo: httpx.AsyncClient,
) -> None:
    old_lot = lots("1928-S", "OLD", 5, expiration_date="2026-01-31")
    await post(demo, "purchase_receipt", "PR-1", [old_lot], posting_date="2026-01-02")
    refused = await post(demo, "sales_shipment", "SS-1", [lots("1928-S", "OLD", 1)],
                         posting_date="2026-02-01")  # fmt: skip
    assert refused.status_code == 409
    assert problem_code(refused) == "expired"
    assert refused.json()["detail"] == (
        "Expiration Date 2026-01-31 of Lot No. OLD is before the posting date 2026-02-01."
    )
    before_expiry = await post(demo, "sales_shipment", "SS-2", [lots("1928-S", "OLD", 1)],
                               posting_date="2026-01-31")  # fmt: skip
    assert before_expiry.status_code == 201


@pytest.mark.parametrize(
    "kind", ["negative_adjustment", "purchase_return_shipment", "reclassification"]
)
async def test_expired_stock_may_leave_by_business_centrals_exemptions(
    demo: httpx.AsyncClient, kind: str
) -> None:
    old_lot = lots("1928-S", "OLD", 5, expiration_date="2026-01-31")
    await post(demo, "purchase_receipt", "PR-1", [old_lot], posting_date="2026-01-02")
    body = lots("1928-S", "OLD", 2)
    if kind == "reclassification":
        body["tracking"][0] |= {"new_lot_no": "SCRAP", "new_expiration_date": "2026-01-31"}
    allowed = await post(demo, kind, "X-1", [body], posting_date="2026-03-01")
    assert allowed.status_code == 201, allowed.text


async def test_fefo_under_strict_expiration_takes_the_earliest_unexpired_lot(
    demo: httpx.AsyncClient,
) -> None:
    await tracked_item(
        demo, "MILK", {"strict_expiration_posting": True, "lot_purchase_inbound_tracking": True}
    )
    await post(demo, "purchase_receipt", "PR-1", [
        line("MILK", 2, lot_no="LATE", expiration_date="2026-12-31"),
        line("MILK", 2, lot_no="SOON", expiration_date="2026-11-30"),
        line("MILK", 2, lot_no="GONE", expiration_date="2026-11-01"),
    ], posting_date="2026-10-01")  # fmt: skip
    taken = await _lots_shipped(demo, "SS-1", "MILK", 3, posting_date="2026-11-10")
    assert taken == [("SOON", -2.0), ("LATE", -1.0)]


async def test_expiration_date_required_on_supply(demo: httpx.AsyncClient) -> None:
    await tracked_item(
        demo, "VACCINE", {"lot_specific_tracking": True, "require_expiration_date_entry": True}
    )
    refused = await post(demo, "purchase_receipt", "PR-1", [line("VACCINE", 1, lot_no="V1")])
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "Expiration Date must have a value for item VACCINE (Lot No. V1)."
    )
    dated = line("VACCINE", 1, lot_no="V1", expiration_date="2027-01-01")
    allowed = await post(demo, "purchase_receipt", "PR-2", [dated])
    assert allowed.status_code == 201


async def test_required_expiration_dates_ignore_the_items_calculation_and_spare_moves(
    demo: httpx.AsyncClient,
) -> None:
    await tracked_item(demo, "SERUM", {"lot_specific_tracking": True, "use_expiration_dates": True})
    undated = await post(demo, "purchase_receipt", "PR-1", [line("SERUM", 4, lot_no="S1")])
    assert undated.status_code == 201, undated.text  # no date was required yet
    required = {"require_expiration_date_entry": True}
    assert (await demo.patch("/v1/item-tracking-codes/C-SERUM", json=required)).status_code == 200
    calculated = {"expiration_calculation": "<1Y>"}
    assert (await demo.patch("/v1/items/SERUM", json=calculated)).status_code == 200
    # Entered by hand: the item's Expiration Calculation does not stand in for it.
    refused = await post(demo, "positive_adjustment", "PA-1", [line("SERUM", 1, lot_no="S2")])
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "Expiration Date must have a value for item SERUM (Lot No. S2)."
    )
    # Supply only: a transfer, and a return naming the sale it reverses, move stock that has none.
    moved = await post(demo, "transfer", "TR-1", [
        {**line("SERUM", 2, lot_no="S1"), "new_location_code": "EAST"},
    ])  # fmt: skip
    assert moved.status_code == 201, moved.text
    assert [e["expiration_date"] for e in moved.json()["entries"]] == [None, None]
    shipped = await post(demo, "sales_shipment", "SS-1", [line("SERUM", 1, lot_no="S1")])
    assert shipped.status_code == 201, shipped.text
    sale_no = shipped.json()["entries"][0]["entry_no"]
    back = line("SERUM", 1, applies_from_entry_no=sale_no)
    returned = await post(demo, "sales_return_receipt", "SR-1", [back])
    assert returned.status_code == 201, returned.text
    assert returned.json()["entries"][0]["lot_no"] == "S1"


async def test_transfer_manufacturing_and_assembly_flags_govern_their_own_entries(
    demo: httpx.AsyncClient,
) -> None:
    await tracked_item(demo, "RESIN", {"lot_transfer_tracking": True,
                                       "lot_manuf_outbound_tracking": True})  # fmt: skip
    await tracked_item(demo, "BOARD", {"lot_assembly_inbound_tracking": True})
    received = await post(demo, "purchase_receipt", "PR-1", [
        line("RESIN", 6, lot_no="R1"), line("RESIN", 4),  # the purchase flags are off
    ])  # fmt: skip
    assert received.status_code == 201, received.text

    def needs_a_lot(answer: httpx.Response, item_no: str) -> None:
        assert answer.status_code == 409, answer.text
        assert problem_code(answer) == "lot-no-required"
        assert answer.json()["detail"] == f"You must assign a lot number for item {item_no}."

    unnamed = {**line("RESIN", 1), "new_location_code": "EAST"}
    needs_a_lot(await post(demo, "transfer", "TR-1", [unnamed]), "RESIN")
    named = {**line("RESIN", 1, lot_no="R1"), "new_location_code": "EAST"}
    assert (await post(demo, "transfer", "TR-2", [named])).status_code == 201

    consumed = {**line("RESIN", 1), "type": "consumption"}
    output = {**line("BOARD", 1), "type": "output"}  # Manuf. Inbound is off for BOARD
    refused = await post(demo, "production", "PO-1", [consumed, output], order_no="P-1")
    needs_a_lot(refused, "RESIN")
    consumed_lot = {**line("RESIN", 1, lot_no="R1"), "type": "consumption"}
    produced = await post(demo, "production", "PO-2", [consumed_lot, output], order_no="P-2")
    assert produced.status_code == 201, produced.text

    unlotted = {**line("RESIN", 1), "type": "consumption"}  # Assembly Outbound is off for RESIN
    refused = await post(demo, "assembly", "AO-1", [unlotted, output], order_no="A-1")
    needs_a_lot(refused, "BOARD")
    lotted = {**line("BOARD", 1, lot_no="B1"), "type": "output"}
    assembled = await post(demo, "assembly", "AO-2", [unlotted, lotted], order_no="A-2")
    assert assembled.status_code == 201, assembled.text
    # Naming no lot, the consumption takes the oldest stock (FIFO): lot R1.
    assert [(e["entry_type"], e["lot_no"]) for e in assembled.json()["entries"]] == [
        ("Assembly Consumption", "R1"),
        ("Assembly Output", "B1"),
    ]


async def test_expiration_date_needs_a_code_using_expiration_dates(
    demo: httpx.AsyncClient,
) -> None:
    await tracked_item(demo, "NAILS", {"lot_specific_tracking": True})  # Use Expiration Dates off
    dated = line("NAILS", 5, lot_no="N1", expiration_date="2027-01-01")
    refused = await post(demo, "purchase_receipt", "PR-1", [dated])
    assert refused.status_code == 409
    assert problem_code(refused) == "expiration-dates-not-used"
    assert refused.json()["detail"] == (
        "Item NAILS takes no expiration date: item tracking code C-NAILS has Use Expiration "
        "Dates off. Leave out the expiration date, or turn on Use Expiration Dates on code "
        "C-NAILS."
    )
    received = await post(demo, "purchase_receipt", "PR-2", [line("NAILS", 5, lot_no="N1")])
    assert received.status_code == 201, received.text
    assert received.json()["entries"][0]["expiration_date"] is None
    redated = line("NAILS", 5, lot_no="N1", new_expiration_date="2027-01-01")
    refused = await post(demo, "reclassification", "RC-1", [redated])
    assert refused.status_code == 409
    assert problem_code(refused) == "expiration-dates-not-used"
    assert (await demo.post("/v1/items", json={"no": "PLAIN"})).status_code == 201
    untracked = await post(demo, "purchase_receipt", "PR-3",
                           [line("PLAIN", 1, expiration_date="2027-01-01")])  # fmt: skip
    assert untracked.status_code == 409
    assert untracked.json()["detail"].endswith(
        "it has no item tracking code. Leave out the expiration date, or give the item a "
        "tracking code that uses expiration dates."
    )


async def test_one_expiration_date_per_lot(demo: httpx.AsyncClient) -> None:
    await post(
        demo, "purchase_receipt", "PR-1", [lots("1928-S", "L9", 1, expiration_date="2027-05-01")]
    )
    refused = await post(demo, "purchase_receipt", "PR-2",
                         [lots("1928-S", "L9", 1, expiration_date="2027-06-01")])  # fmt: skip
    assert refused.status_code == 409
    assert refused.json()["detail"] == "There are multiple expiration dates registered for lot L9."
    inherits = await post(demo, "purchase_receipt", "PR-3", [lots("1928-S", "L9", 1)])
    assert inherits.status_code == 201
    assert inherits.json()["entries"][0]["expiration_date"] == "2027-05-01"


async def test_warranty_date_required(demo: httpx.AsyncClient) -> None:
    await tracked_item(
        demo, "DRILL", {"sn_specific_tracking": True, "require_warranty_date_entry": True}
    )
    refused = await post(demo, "purchase_receipt", "PR-1", [line("DRILL", serial_no="D1")])
    assert refused.status_code == 409
    assert problem_code(refused) == "warranty-date-required"
    allowed = await post(demo, "purchase_receipt", "PR-2",
                         [line("DRILL", serial_no="D1", warranty_date="2029-01-01")])  # fmt: skip
    assert allowed.status_code == 201
    assert allowed.json()["entries"][0]["warranty_date"] == "2029-01-01"


async def test_blocked_serial_cannot_post_in_either_direction(demo: httpx.AsyncClient) -> None:
    await post(demo, "purchase_receipt", "PR-1", [chairs("1001")])
    block = {"reason": "Customer complaint 4711", "user": "quality"}
    assert (await demo.post("/v1/serial-nos/1900-S/1001/block", json=block)).status_code == 200
    refused = await post(demo, "sales_shipment", "SS-1", [chairs("1001")])
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "Blocked must be equal to 'No' in Serial No. Information: Item No.='1900-S',"
        "Variant Code='',Serial No.='1001'. Current value is 'Yes'."
    )
    await demo.post("/v1/lots", json={"item_no": "1910-S", "lot_no": "BAD", "user": "quality"})
    await demo.post("/v1/lots/1910-S/BAD/block", json=block)
    inbound = await post(demo, "purchase_receipt", "PR-2", [lots("1910-S", "BAD", 1)])
    assert inbound.status_code == 409
    assert problem_code(inbound) == "blocked"
    await demo.post("/v1/serial-nos/1900-S/1001/unblock", json=block)
    assert (await post(demo, "sales_shipment", "SS-2", [chairs("1001")])).status_code == 201


async def test_reclassification_to_a_blocked_new_lot_is_refused(demo: httpx.AsyncClient) -> None:
    await post(demo, "purchase_receipt", "PR-1", [lots("1910-S", "GOOD", 2)])
    await demo.post("/v1/lots", json={"item_no": "1910-S", "lot_no": "HOLD", "user": "quality"})
    await demo.post("/v1/lots/1910-S/HOLD/block", json={"reason": "quarantine", "user": "quality"})
    body = lots("1910-S", "GOOD", 2)
    body["tracking"][0]["new_lot_no"] = "HOLD"
    refused = await post(demo, "reclassification", "RC-1", [body])
    assert refused.status_code == 409
    assert "Lot No.='HOLD'" in refused.json()["detail"]


async def test_information_card_must_exist_when_the_code_says_so(demo: httpx.AsyncClient) -> None:
    await tracked_item(
        demo, "PHARMA", {"lot_specific_tracking": True, "lot_info_inbound_must_exist": True}
    )
    refused = await post(demo, "purchase_receipt", "PR-1", [line("PHARMA", 1, lot_no="P1")])
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "The Lot No. Information does not exist. Identification fields and values: "
        "Item No.='PHARMA',Variant Code='',Lot No.='P1'"
    )
    await demo.post("/v1/lots", json={"item_no": "PHARMA", "lot_no": "P1", "user": "qa"})
    allowed = await post(demo, "purchase_receipt", "PR-2", [line("PHARMA", 1, lot_no="P1")])
    assert allowed.status_code == 201, allowed.text


async def test_information_card_is_created_on_posting_when_the_code_says_so(
    demo: httpx.AsyncClient,
) -> None:
    assert (await demo.get("/v1/lots/1910-S/NEWLOT")).status_code == 404
    await post(demo, "purchase_receipt", "PR-1", [lots("1910-S", "NEWLOT", 1)])
    card = await demo.get("/v1/lots/1910-S/NEWLOT")
    assert card.status_code == 200
    audit = (await demo.get("/v1/lots/1910-S/NEWLOT/audit")).json()
    records = audit["items"] if isinstance(audit, dict) else audit
    assert records[0]["action"] == "create"
    assert records[0]["reason"] == "Created on posting purchase receipt PR-1"


async def test_blocked_stock_is_left_out_when_a_line_names_no_number(
    demo: httpx.AsyncClient,
) -> None:
    # Lots are required on receipts only, so a shipment may name none and take stock FIFO: a
    # blocked lot (a quarantine, a recall) must not be what it takes.
    await tracked_item(
        demo, "FLOUR", {"lot_purchase_inbound_tracking": True, "create_lot_info_on_posting": True}
    )
    await post(demo, "purchase_receipt", "PR-1", [line("FLOUR", 3, lot_no="OLD")],
               posting_date="2026-10-01")  # fmt: skip
    await post(demo, "purchase_receipt", "PR-2", [line("FLOUR", 2, lot_no="NEW")])
    block = {"reason": "Salmonella suspected", "user": "quality"}
    assert (await demo.post("/v1/lots/FLOUR/OLD/block", json=block)).status_code == 200

    assert await _lots_shipped(demo, "SS-1", "FLOUR", 2) == [("NEW", -2.0)]

    refused = await post(demo, "sales_shipment", "SS-2", [line("FLOUR", 1)])
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "Blocked must be equal to 'No' in Lot No. Information: Item No.='FLOUR',"
        "Variant Code='',Lot No.='OLD'. Current value is 'Yes'."
    )
    on_hand = await demo.get("/v1/on-hand", params={"item_no": "FLOUR"})
    totals = on_hand.json()["totals"]  # what the posting refused to take, on-hand shows as blocked
    assert (totals["quantity"], totals["blocked_quantity"], totals["available_quantity"]) == (
        3,
        3,
        0,
    )

    await demo.post("/v1/lots/FLOUR/OLD/unblock", json=block)
    assert await _lots_shipped(demo, "SS-3", "FLOUR", 1) == [("OLD", -1.0)]


async def test_a_blocked_serial_is_left_out_of_its_lot(demo: httpx.AsyncClient) -> None:
    await tracked_item(demo, "STOOL", {"sn_purchase_inbound_tracking": True,
                                "lot_purchase_inbound_tracking": True,
                                "create_sn_info_on_posting": True})  # fmt: skip
    received = await post(demo, "purchase_receipt", "PR-1", [{
        "item_no": "STOOL", "location_code": "MAIN", "quantity": 2,
        "tracking": [{"serial_no": s, "lot_no": "L7", "quantity": 1} for s in ("2001", "2002")],
    }])  # fmt: skip
    assert received.status_code == 201, received.text
    block = {"reason": "Damaged in transit", "user": "quality"}
    assert (await demo.post("/v1/serial-nos/STOOL/2001/block", json=block)).status_code == 200
    # The adjustment names the lot only: it takes the lot's unit that is not blocked.
    taken = await post(demo, "negative_adjustment", "NA-1", [line("STOOL", 1, lot_no="L7")])
    assert taken.status_code == 201, taken.text
    assert [e["serial_no"] for e in taken.json()["entries"]] == ["2002"]
    refused = await post(demo, "negative_adjustment", "NA-2", [line("STOOL", 1, lot_no="L7")])
    assert refused.status_code == 409
    assert problem_code(refused) == "blocked"
    assert "Serial No.='2001'" in refused.json()["detail"]


async def test_a_transfer_naming_no_number_checks_the_cards_of_what_it_moves(
    demo: httpx.AsyncClient,
) -> None:
    await tracked_item(demo, "SERUM", {"lot_purchase_inbound_tracking": True,
                                "lot_info_inbound_must_exist": True})  # fmt: skip
    await demo.post("/v1/lots", json={"item_no": "SERUM", "lot_no": "S1", "user": "qa"})
    received = await post(demo, "purchase_receipt", "PR-1", [line("SERUM", 2, lot_no="S1")])
    assert received.status_code == 201, received.text
    moved = await post(
        demo, "transfer", "TR-1", [{**line("SERUM", 2), "new_location_code": "EAST"}]
    )
    assert moved.status_code == 201, moved.text
    assert [(e["location_code"], e["lot_no"]) for e in moved.json()["entries"]] == [
        ("MAIN", "S1"),
        ("EAST", "S1"),
    ]


async def test_a_serials_warranty_date_travels_with_it(demo: httpx.AsyncClient) -> None:
    await tracked_item(
        demo, "KETTLE", {"sn_specific_tracking": True, "warranty_date_formula": "2Y"}
    )
    received = await post(demo, "purchase_receipt", "PR-1", [line("KETTLE", serial_no="K1")])
    assert received.json()["entries"][0]["warranty_date"] == "2028-11-02"
    body = {**line("KETTLE", serial_no="K1"), "new_location_code": "EAST"}
    moved = await post(demo, "transfer", "TR-1", [body], posting_date="2026-12-01")
    assert moved.status_code == 201, moved.text
    assert [e["warranty_date"] for e in moved.json()["entries"]] == ["2028-11-02"] * 2
    shipped = await post(demo, "sales_shipment", "SS-1",
                         [{**line("KETTLE", serial_no="K1"), "location_code": "EAST"}])  # fmt: skip
    assert shipped.status_code == 201, shipped.text
    assert shipped.json()["entries"][0]["warranty_date"] == "2028-11-02"


async def test_lots_merged_by_reclassification_share_one_expiration_date(
    demo: httpx.AsyncClient,
) -> None:
    await post(demo, "purchase_receipt", "PR-1", [
        lots("1928-S", "L1", 2, expiration_date="2027-05-01"),
        lots("1928-S", "L2", 2, expiration_date="2027-06-01"),
    ])  # fmt: skip
    into_l2 = lots("1928-S", "L1", 1, new_lot_no="L2")
    refused = await post(demo, "reclassification", "RC-1", [into_l2])
    assert refused.status_code == 409
    assert refused.json()["detail"] == "There are multiple expiration dates registered for lot L2."
    common = lots("1928-S", "L1", 1, new_lot_no="L2", new_expiration_date="2027-06-01")
    merged = await post(demo, "reclassification", "RC-2", [common])
    assert merged.status_code == 201, merged.text
    arrived = merged.json()["entries"][1]
    assert (arrived["lot_no"], arrived["expiration_date"]) == ("L2", "2027-06-01")
    new_lot = await post(
        demo, "reclassification", "RC-3", [lots("1928-S", "L1", 1, new_lot_no="L3")]
    )
    assert new_lot.status_code == 201, new_lot.text
    assert new_lot.json()["entries"][1]["expiration_date"] == "2027-05-01"


async def test_package_number_required_when_the_code_says_so(demo: httpx.AsyncClient) -> None:
    await tracked_item(demo, "CRATE", {"package_purchase_inbound_tracking": True})
    refused = await post(demo, "purchase_receipt", "PR-1", [line("CRATE", 2)])
    assert refused.status_code == 409
    assert problem_code(refused) == "package-no-required"
    allowed = await post(demo, "purchase_receipt", "PR-2", [line("CRATE", 2, package_no="PK1")])
    assert allowed.status_code == 201, allowed.text
    assert allowed.json()["entries"][0]["package_no"] == "PK1"


async def test_information_card_must_exist_on_the_outbound_side_too(
    demo: httpx.AsyncClient,
) -> None:
    await tracked_item(demo, "SYRUP", {"lot_purchase_inbound_tracking": True,
                                "lot_sales_outbound_tracking": True,
                                "lot_info_outbound_must_exist": True})  # fmt: skip
    received = await post(demo, "purchase_receipt", "PR-1", [line("SYRUP", 2, lot_no="S1")])
    assert received.status_code == 201, received.text  # inbound, the card is not required
    refused = await post(demo, "sales_shipment", "SS-1", [line("SYRUP", 1, lot_no="S1")])
    assert refused.status_code == 409
    assert problem_code(refused) == "info-must-exist"
    moved = {**line("SYRUP", 1, lot_no="S1"), "new_location_code": "EAST"}
    unmoved = await post(demo, "transfer", "TR-1", [moved])  # for a transfer, either flag
    assert unmoved.status_code == 409
    assert problem_code(unmoved) == "info-must-exist"
    await demo.post("/v1/lots", json={"item_no": "SYRUP", "lot_no": "S1", "user": "qa"})
    allowed = await post(demo, "sales_shipment", "SS-2", [line("SYRUP", 1, lot_no="S1")])
    assert allowed.status_code == 201, allowed.text
    assert (await post(demo, "transfer", "TR-2", [moved])).status_code == 201


async def test_default_dates_count_from_the_document_date(demo: httpx.AsyncClient) -> None:
    await tracked_item(demo, "LAMP", {"sn_specific_tracking": True, "warranty_date_formula": "1Y"})
    received = await post(demo, "purchase_receipt", "PR-1", [line("LAMP", serial_no="LA1")],
                          posting_date="2026-11-02", document_date="2026-10-15")  # fmt: skip
    assert received.status_code == 201, received.text
    assert received.json()["entries"][0]["warranty_date"] == "2027-10-15"


async def test_expired_stock_cannot_be_transferred_under_strict_expiration_posting(
    demo: httpx.AsyncClient,
) -> None:
    await tracked_item(
        demo, "YOGURT", {"strict_expiration_posting": True, "lot_purchase_inbound_tracking": True}
    )
    await post(demo, "purchase_receipt", "PR-1",
               [line("YOGURT", 2, lot_no="GONE", expiration_date="2026-11-01")],
               posting_date="2026-10-01")  # fmt: skip
    body = {**line("YOGURT", 2, lot_no="GONE"), "new_location_code": "EAST"}
    refused = await post(demo, "transfer", "TR-1", [body], posting_date="2026-11-10")
    assert refused.status_code == 409
    assert problem_code(refused) == "expired"
    in_time = await post(demo, "transfer", "TR-2", [body], posting_date="2026-10-20")
    assert in_time.status_code == 201, in_time.text


async def test_fefo_ties_go_to_the_lowest_lot_number(demo: httpx.AsyncClient) -> None:
    await tracked_item(
        demo, "CREAM", {"strict_expiration_posting": True, "lot_purchase_inbound_tracking": True}
    )
    for document_no, lot, day in (("PR-1", "Z9", "2026-10-01"), ("PR-2", "A1", "2026-10-05")):
        received = await post(demo, "purchase_receipt", document_no,
                              [line("CREAM", 2, lot_no=lot, expiration_date="2026-12-31")],
                              posting_date=day)  # fmt: skip
        assert received.status_code == 201, received.text
    taken = await _lots_shipped(demo, "SS-1", "CREAM", 3, posting_date="2026-11-10")
    assert taken == [("A1", -2.0), ("Z9", -1.0)]


async def test_package_specific_outbound_must_apply_fully(demo: httpx.AsyncClient) -> None:
    await tracked_item(demo, "DRUM", {"package_specific_tracking": True})
    received = await post(demo, "purchase_receipt", "PR-1", [line("DRUM", 2, package_no="PK1")])
    assert received.status_code == 201, received.text
    refused = await post(demo, "sales_shipment", "SS-1", [line("DRUM", 3, package_no="PK1")])
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "Item Tracking Package No. PK1 for Item No. DRUM cannot be fully applied."
    )


async def test_warranty_date_required_on_the_way_out_too(demo: httpx.AsyncClient) -> None:
    await tracked_item(demo, "SAW", {"lot_specific_tracking": True})
    old = await post(demo, "purchase_receipt", "PR-1", [line("SAW", 3, lot_no="S1")])
    assert old.status_code == 201, old.text  # received before warranty dates were required
    changed = await demo.patch("/v1/item-tracking-codes/C-SAW",
                               json={"require_warranty_date_entry": True})  # fmt: skip
    assert changed.status_code == 200, changed.text
    refused = await post(demo, "sales_shipment", "SS-1", [line("SAW", 1, lot_no="S1")])
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "Warranty Date must have a value for item SAW (Lot No. S1)."
    )
    dated = line("SAW", 1, lot_no="S1", warranty_date="2028-06-30")
    shipped = await post(demo, "sales_shipment", "SS-2", [dated])
    assert shipped.status_code == 201, shipped.text
    assert shipped.json()["entries"][0]["warranty_date"] == "2028-06-30"
    moved = {**line("SAW", 1, lot_no="S1", warranty_date="2028-06-30"), "new_location_code": "EAST"}
    transferred = await post(demo, "transfer", "TR-1", [moved])
    assert transferred.status_code == 201, transferred.text
    assert [e["warranty_date"] for e in transferred.json()["entries"]] == ["2028-06-30"] * 2
