"""Lines that name the entry they apply to or from (Business Central's Appl.-to and Appl.-from
Item Entry): returns of what one receipt brought in, or of what one sale took out."""

import asyncio
from typing import Any

import httpx
import pytest

from service.demo import seed
from service.graph.store import Graph
from tests.api.posting_helpers import line, post, problem_code, tracked_item


@pytest.fixture
async def demo(client: httpx.AsyncClient, graph: Graph) -> httpx.AsyncClient:
    await seed(graph)
    return client


async def _posted(client: httpx.AsyncClient, kind: str, no: str, *lines: dict[str, Any]) -> Any:
    """Post and return the answer's entries, asserting it posted."""
    posted = await post(client, kind, no, list(lines))
    assert posted.status_code == 201, posted.text
    return posted.json()["entries"]


async def _shipped_lot(client: httpx.AsyncClient) -> tuple[int, int]:
    """5 of lot M1 (expiring 2027-03-01) received, then shipped: the receipt's and the sale's
    entry numbers."""
    await tracked_item(
        client, "MILK", {"lot_specific_tracking": True, "use_expiration_dates": True}
    )
    received = line("MILK", 5, lot_no="M1", expiration_date="2027-03-01")
    [receipt] = await _posted(client, "purchase_receipt", "PR-1", received)
    [sale] = await _posted(client, "sales_shipment", "SS-1", line("MILK", 5, lot_no="M1"))
    return int(receipt["entry_no"]), int(sale["entry_no"])


async def test_a_return_takes_the_numbers_and_dates_of_the_sale_it_reverses(
    demo: httpx.AsyncClient,
) -> None:
    await tracked_item(
        demo, "DRILL", {"sn_specific_tracking": True, "require_warranty_date_entry": True}
    )
    received = line("DRILL", serial_no="D1", lot_no="B7", warranty_date="2029-01-01")
    await _posted(demo, "purchase_receipt", "PR-1", received)
    [sale] = await _posted(demo, "sales_shipment", "SS-1", line("DRILL", serial_no="D1"))
    # The return names no serial number and no warranty date: the sale's come with it.
    [back] = await _posted(
        demo, "sales_return_receipt", "SR-1", line("DRILL", applies_from_entry_no=sale["entry_no"])
    )
    assert (back["serial_no"], back["lot_no"], back["quantity"]) == ("D1", "B7", 1.0)
    assert back["warranty_date"] == "2029-01-01"
    assert back["applied_from"] == {"entry_no": sale["entry_no"], "quantity": 1.0}
    listed = await demo.get("/v1/ledger-entries", params={"serial_no": "D1", "item_no": "DRILL"})
    by_no = {e["entry_no"]: e for e in listed.json()["items"]}
    assert by_no[back["entry_no"]]["applied_from"] == {"entry_no": sale["entry_no"], "quantity": 1}
    assert by_no[sale["entry_no"]]["applied_from"] is None
    # Back on inventory: it ships again.
    await _posted(demo, "sales_shipment", "SS-2", line("DRILL", serial_no="D1"))
    # A return without the sale's entry needs its warranty date, as any supply does.
    unapplied = await post(demo, "sales_return_receipt", "SR-2", [line("DRILL", serial_no="D1")])
    assert unapplied.status_code == 409
    assert problem_code(unapplied) == "warranty-date-required"


async def test_a_sale_cannot_come_back_more_than_it_took_out(demo: httpx.AsyncClient) -> None:
    _, sale_no = await _shipped_lot(demo)
    [back] = await _posted(
        demo, "sales_return_receipt", "SR-1", line("MILK", 2, applies_from_entry_no=sale_no)
    )
    assert (back["lot_no"], back["expiration_date"]) == ("M1", "2027-03-01")
    too_much = await post(
        demo, "sales_return_receipt", "SR-2", [line("MILK", 4, applies_from_entry_no=sale_no)]
    )
    assert too_much.status_code == 409
    assert problem_code(too_much) == "applies-from-quantity"
    assert too_much.json()["detail"] == (
        f"You cannot return 4 from Item Ledger Entry {sale_no}: it took out 5, of which 2 came "
        "back already, so 3 is left to return."
    )
    # Two lines of one document count together.
    twice = [line("MILK", 2, applies_from_entry_no=sale_no)] * 2
    refused = await post(demo, "sales_return_receipt", "SR-3", twice)
    assert refused.status_code == 409
    assert problem_code(refused) == "applies-from-quantity"
    named = line("MILK", 3, lot_no="M1", applies_from_entry_no=sale_no)  # its lot named too
    await _posted(demo, "sales_return_receipt", "SR-4", named)
    on_hand = await demo.get("/v1/on-hand", params={"item_no": "MILK"})
    assert on_hand.status_code == 200, on_hand.text
    assert on_hand.json()["totals"]["quantity"] == 5


@pytest.mark.parametrize(
    ("tracking", "caption"),
    [
        ({"lot_no": "M2"}, "Lot No. must be equal to 'M2'"),
        ({"entry": "receipt"}, "Positive must be equal to 'No'"),
    ],
)
async def test_a_return_must_be_the_stock_its_entry_took_out(
    demo: httpx.AsyncClient, tracking: dict[str, str], caption: str
) -> None:
    receipt_no, sale_no = await _shipped_lot(demo)
    applies_from = receipt_no if tracking.pop("entry", None) else sale_no
    named = line("MILK", 1, applies_from_entry_no=applies_from, **tracking)
    refused = await post(demo, "sales_return_receipt", "SR-1", [named])
    assert refused.status_code == 409
    assert problem_code(refused) == "applied-entry-mismatch"
    assert refused.json()["detail"].startswith(caption)
    assert f"in Item Ledger Entry: Entry No.={applies_from}." in refused.json()["detail"]


async def test_a_return_naming_another_items_entry_or_none_is_refused(
    demo: httpx.AsyncClient,
) -> None:
    _, sale_no = await _shipped_lot(demo)
    await tracked_item(demo, "CREAM", {"lot_specific_tracking": True})
    other = line("CREAM", 1, lot_no="M1", applies_from_entry_no=sale_no)
    refused = await post(demo, "sales_return_receipt", "SR-1", [other])
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        f"Item No. must be equal to 'CREAM' in Item Ledger Entry: Entry No.={sale_no}. "
        "Current value is 'MILK'."
    )
    missing = await post(
        demo, "sales_return_receipt", "SR-2", [line("MILK", 1, applies_from_entry_no=999_999)]
    )
    assert missing.status_code == 409
    assert problem_code(missing) == "applied-entry-not-found"
    assert missing.json()["detail"] == (
        "The Item Ledger Entry does not exist. Identification fields and values: Entry No.='999999'"
    )


async def test_a_positive_adjustment_reverses_a_negative_adjustment_only(
    demo: httpx.AsyncClient,
) -> None:
    _, sale_no = await _shipped_lot(demo)
    await _posted(demo, "purchase_receipt", "PR-2", line("MILK", 2, lot_no="M1"))
    [written_off] = await _posted(demo, "negative_adjustment", "NA-1", line("MILK", 2, lot_no="M1"))
    reversal = line("MILK", 2, applies_from_entry_no=written_off["entry_no"])
    [back] = await _posted(demo, "positive_adjustment", "PA-1", reversal)
    assert back["applied_from"] == {"entry_no": written_off["entry_no"], "quantity": 2.0}
    wrong = await post(
        demo, "positive_adjustment", "PA-2", [line("MILK", 1, applies_from_entry_no=sale_no)]
    )
    assert wrong.status_code == 409
    assert wrong.json()["detail"].startswith("Entry Type must be equal to 'Negative Adjmt.'")


async def test_only_returns_name_the_entry_they_reverse(demo: httpx.AsyncClient) -> None:
    _, sale_no = await _shipped_lot(demo)
    named = line("MILK", 1, lot_no="M1", applies_from_entry_no=sale_no)
    refused = await post(demo, "purchase_receipt", "PR-9", [named])
    assert refused.status_code == 422
    assert "applies_from_entry_no is only for sales return receipts" in refused.text


async def test_a_trace_follows_a_return_to_where_its_stock_went_next(
    demo: httpx.AsyncClient,
) -> None:
    """Milk lot M1 made into cheese lot K1; K1 shipped, partly returned naming the sale,
    shipped again; the returned cheese then reclassified into lot K2."""
    receipt_no, _ = await _shipped_lot(demo)  # (all 5 of M1 shipped: receive 1 more)
    [milk] = await _posted(demo, "purchase_receipt", "PR-2", line("MILK", 1, lot_no="M1"))
    await tracked_item(demo, "CHEESE", {"lot_specific_tracking": True})
    made = await post(demo, "production", "PO-1", [
        {**line("MILK", 1, lot_no="M1"), "type": "consumption"},
        {**line("CHEESE", 4, lot_no="K1"), "type": "output"},
    ], order_no="RPO-1")  # fmt: skip
    assert made.status_code == 201, made.text
    consumed, output = (e["entry_no"] for e in made.json()["entries"])
    [sale] = await _posted(demo, "sales_shipment", "SS-2", line("CHEESE", 4, lot_no="K1"))
    returning = line("CHEESE", 3, applies_from_entry_no=sale["entry_no"])
    [back] = await _posted(demo, "sales_return_receipt", "SR-1", returning)
    [again] = await _posted(demo, "sales_shipment", "SS-3", line("CHEESE", 1, lot_no="K1"))
    relabel = line("CHEESE", 2, lot_no="K1", new_lot_no="K2")
    left, arrived = await _posted(demo, "reclassification", "RC-1", relabel)

    forward = await demo.get(
        "/v1/trace", params={"lot_no": "M1", "item_no": "MILK", "method": "origin-to-usage"}
    )
    assert forward.status_code == 200, forward.text
    rows = [(r["entry_no"], r["level"], r["parent_entry_no"], r["via"])
            for r in forward.json()["rows"]]  # fmt: skip
    reached = {no: (level, parent, via) for no, level, parent, via in rows}
    assert reached[consumed] == (2, milk["entry_no"], "applied")
    assert reached[output] == (3, consumed, "produced")
    assert reached[sale["entry_no"]] == (4, output, "applied")
    assert reached[back["entry_no"]] == (5, sale["entry_no"], "returned")
    assert reached[again["entry_no"]] == (6, back["entry_no"], "applied")
    assert reached[left["entry_no"]] == (6, back["entry_no"], "applied")
    assert reached[arrived["entry_no"]] == (7, left["entry_no"], "transferred")
    assert receipt_no in reached  # the first receipt of M1, shipped as milk

    backward = await demo.get(
        "/v1/trace", params={"lot_no": "K2", "item_no": "CHEESE", "method": "usage-to-origin"}
    )
    assert backward.status_code == 200, backward.text
    came_from = [(r["entry_no"], r["via"]) for r in backward.json()["rows"]]
    assert came_from[:5] == [
        (arrived["entry_no"], "start"),
        (left["entry_no"], "transferred"),
        (back["entry_no"], "applied"),
        (sale["entry_no"], "returned"),
        (output, "applied"),
    ]


async def test_a_purchase_return_takes_from_the_receipt_it_names(demo: httpx.AsyncClient) -> None:
    await tracked_item(demo, "SALT", {"lot_specific_tracking": True})
    [first] = await _posted(demo, "purchase_receipt", "PR-1", line("SALT", 5, lot_no="S1"))
    [second] = await _posted(demo, "purchase_receipt", "PR-2", line("SALT", 5, lot_no="S1"))
    named = line("SALT", 2, applies_to_entry_no=second["entry_no"])  # names no lot: gets S1
    [returned] = await _posted(demo, "purchase_return_shipment", "PRS-1", named)
    assert returned["lot_no"] == "S1"
    assert returned["applied_to"] == [{"entry_no": second["entry_no"], "quantity": 2.0}]
    [fifo] = await _posted(demo, "purchase_return_shipment", "PRS-2", line("SALT", 1, lot_no="S1"))
    assert fifo["applied_to"] == [{"entry_no": first["entry_no"], "quantity": 1.0}]
    too_much = line("SALT", 4, applies_to_entry_no=second["entry_no"])
    refused = await post(demo, "purchase_return_shipment", "PRS-3", [too_much])
    assert refused.status_code == 409
    assert problem_code(refused) == "applies-to-quantity"
    assert refused.json()["detail"] == (
        f"Item Ledger Entry {second['entry_no']} has 3 left to take, less than the 4 this line "
        "takes from it."
    )
    moved = {**line("SALT", 3, applies_to_entry_no=second["entry_no"]), "new_location_code": "EAST"}
    left, arrived = await _posted(demo, "transfer", "TR-1", moved)
    assert left["applied_to"] == [{"entry_no": second["entry_no"], "quantity": 3.0}]
    closed = line("SALT", 1, applies_to_entry_no=second["entry_no"])
    refused = await post(demo, "sales_shipment", "SS-1", [closed])
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        f"Open must be equal to 'Yes' in Item Ledger Entry: Entry No.={second['entry_no']}. "
        "Current value is 'No'."
    )
    elsewhere = line("SALT", 1, applies_to_entry_no=arrived["entry_no"])  # at EAST, not MAIN
    refused = await post(demo, "sales_shipment", "SS-2", [elsewhere])
    assert refused.status_code == 409
    assert problem_code(refused) == "applied-entry-mismatch"
    assert refused.json()["detail"].startswith("Location Code must be equal to 'MAIN'")


async def test_only_lines_that_take_stock_out_name_the_entry_they_apply_to(
    demo: httpx.AsyncClient,
) -> None:
    _, sale_no = await _shipped_lot(demo)
    refused = await post(
        demo,
        "purchase_receipt",
        "PR-9",
        [line("MILK", 1, lot_no="M1", applies_to_entry_no=sale_no)],
    )
    assert refused.status_code == 422
    assert "applies_to_entry_no is only for lines that take stock out" in refused.text


async def test_an_entry_number_beyond_64_bits_is_a_422(demo: httpx.AsyncClient) -> None:
    named = line("1910-S", 1, applies_to_entry_no=2**64)
    refused = await post(demo, "sales_shipment", "SS-1", [named])
    assert refused.status_code == 422, refused.text
    assert "applies_to_entry_no" in refused.text


async def test_two_returns_of_one_sale_at_once_cannot_bring_back_more_than_it_took(
    demo: httpx.AsyncClient,
) -> None:
    _, sale_no = await _shipped_lot(demo)  # 5 shipped
    answers = await asyncio.gather(*(
        post(demo, "sales_return_receipt", f"SR-{n}",
             [line("MILK", 3, applies_from_entry_no=sale_no)])
        for n in (1, 2)
    ))  # fmt: skip
    assert sorted(a.status_code for a in answers) == [201, 409]
    refused = next(a for a in answers if a.status_code == 409)
    assert problem_code(refused) == "applies-from-quantity"


async def test_a_return_of_stock_without_a_warranty_date_states_one_once_it_is_required(
    demo: httpx.AsyncClient,
) -> None:
    await tracked_item(demo, "SAW", {"lot_specific_tracking": True})
    await _posted(demo, "purchase_receipt", "PR-1", line("SAW", 2, lot_no="S1"))
    [sale] = await _posted(demo, "sales_shipment", "SS-1", line("SAW", 2, lot_no="S1"))
    required = {"require_warranty_date_entry": True}
    assert (await demo.patch("/v1/item-tracking-codes/C-SAW", json=required)).status_code == 200
    back = line("SAW", 1, applies_from_entry_no=sale["entry_no"])
    refused = await post(demo, "sales_return_receipt", "SR-1", [back])
    assert refused.status_code == 409
    assert refused.json()["detail"] == "Warranty Date must have a value for item SAW (Lot No. S1)."
    dated = line("SAW", 1, applies_from_entry_no=sale["entry_no"], warranty_date="2028-06-30")
    [returned] = await _posted(demo, "sales_return_receipt", "SR-2", dated)
    assert returned["warranty_date"] == "2028-06-30"
