"""Issue 31's hand-built cases, posted through the API and asked as a quality manager would,
with the answer the Business Central oracle (tests/oracle) gives beside each assertion."""

import httpx

from tests.oracle.chains import HOME, POSTING_DATE, Step, replay
from tests.oracle.recall import expected_recall
from tests.oracle.service import create_master_data, post_chain

P = "K1"
RAW, MID, FG = f"{P}-RAW", f"{P}-MID", f"{P}-FG"
AWAY = "OL"


def _post(no: str, kind: str, lines: list[dict[str, object]], **extra: object) -> Step:
    body = {
        "kind": kind,
        "document_no": f"{P}-{no}",
        "posting_date": POSTING_DATE,
        "lines": lines,
        **extra,
    }
    return Step("post", body, label=kind)


def _line(item: str, location: str, quantity: float, **tracking: object) -> dict[str, object]:
    return {
        "item_no": item,
        "location_code": location,
        "quantity": quantity,
        "tracking": [{"quantity": quantity, **tracking}],
    }


def issue_31_case_1() -> list[Step]:
    """LOT0 -> O0 -> MID1 -> transfer M->L -> O1 -> S1 -> ship C1 -> return -> ship C2."""
    return [
        _post(
            "PR0", "purchase_receipt", [_line(RAW, HOME, 6, lot_no=f"{P}-LOT0")], vendor_no="OV1"
        ),
        _post(
            "O0",
            "production",
            [
                {**_line(RAW, HOME, 2, lot_no=f"{P}-LOT0"), "type": "consumption"},
                {**_line(MID, HOME, 4, lot_no=f"{P}-MID1"), "type": "output"},
            ],
            order_no=f"{P}-O0",
        ),
        _post(
            "T1",
            "transfer",
            [{**_line(MID, HOME, 4, lot_no=f"{P}-MID1"), "new_location_code": AWAY}],
        ),
        _post(
            "O1",
            "production",
            [
                {**_line(MID, AWAY, 1, lot_no=f"{P}-MID1"), "type": "consumption"},
                {**_line(FG, AWAY, 1, serial_no=f"{P}-S1"), "type": "output"},
            ],
            order_no=f"{P}-O1",
        ),
        _post(
            "SS1", "sales_shipment", [_line(FG, AWAY, 1, serial_no=f"{P}-S1")], customer_no="OC1"
        ),
        _post(
            "SR1",
            "sales_return_receipt",
            [
                {
                    "item_no": FG,
                    "location_code": AWAY,
                    "quantity": 1,
                    "tracking": [
                        {"quantity": 1, "applies_from_ref": [f"{P}-SS1", FG, f"{P}-S1", ""]}
                    ],
                }
            ],
            customer_no="OC1",
        ),
        _post(
            "SS2", "sales_shipment", [_line(FG, AWAY, 1, serial_no=f"{P}-S1")], customer_no="OC2"
        ),
    ]


async def _recall_customers(client: httpx.AsyncClient, **number: str) -> set[tuple[str, str]]:
    body = {
        "recall_no": "RC-CASE1",
        "reason": "issue 31 case 1",
        "user": "qa",
        "numbers": [number],
        "block": False,
    }
    answer = await client.post("/v1/recalls", json=body)
    assert answer.status_code == 200, answer.text
    return {
        (s["customer_no"], s["document_no"])
        for c in answer.json()["customers"]
        for s in c["shipments"]
    }


async def test_a_recall_of_an_intermediate_lot_lists_the_customer_a_returned_serial_went_to_next(
    client: httpx.AsyncClient,
) -> None:
    await create_master_data(client)
    steps = issue_31_case_1()
    assert await post_chain(client, P, steps) == []
    both = {("OC1", f"{P}-SS1"), ("OC2", f"{P}-SS2")}
    oracle = replay(steps).ledger
    for number in ((MID, "", f"{P}-MID1"), (RAW, "", f"{P}-LOT0"), (FG, f"{P}-S1", "")):
        assert expected_recall(oracle, [number]).shipments == both
    assert await _recall_customers(client, item_no=RAW, lot_no=f"{P}-LOT0") == both
    assert await _recall_customers(client, item_no=FG, serial_no=f"{P}-S1") == both
    assert await _recall_customers(client, item_no=MID, lot_no=f"{P}-MID1") == both
