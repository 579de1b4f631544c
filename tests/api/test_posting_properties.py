"""Random posting sequences: on-hand per lot and location always equals inbound minus outbound
from the accepted postings, never drops below zero, and matches the ledger."""

from collections import defaultdict
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.demo import seed
from service.graph.admin import delete_all_data
from service.graph.store import Graph
from tests.api.posting_helpers import post

LOTS = ["L1", "L2", "L3"]
PLACES = ["MAIN", "EAST"]
ACCEPTED_REFUSALS = {"insufficient-quantity", "cannot-be-fully-applied"}

step = st.tuples(
    st.sampled_from(
        ["purchase_receipt", "positive_adjustment", "negative_adjustment", "sales_shipment",
         "transfer"]
    ),
    st.sampled_from(LOTS),
    st.sampled_from(PLACES),
    st.integers(min_value=1, max_value=5),
)  # fmt: skip


def _line(kind: str, lot: str, place: str, quantity: int) -> dict[str, Any]:
    line: dict[str, Any] = {
        "item_no": "1910-S", "location_code": place, "quantity": quantity,
        "tracking": [{"lot_no": lot, "quantity": quantity}],
    }  # fmt: skip
    if kind == "transfer":
        line["new_location_code"] = "EAST" if place == "MAIN" else "MAIN"
    return line


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(step, min_size=5, max_size=15))
async def test_on_hand_is_inbound_minus_outbound_and_never_negative(
    client: httpx.AsyncClient, graph: Graph, steps: list[tuple[str, str, str, int]]
) -> None:
    await delete_all_data(graph)  # each example starts from an empty database
    await seed(graph)
    model: dict[tuple[str, str], float] = defaultdict(float)
    for n, (kind, lot, place, quantity) in enumerate(steps):
        response = await post(client, kind, f"D{n}", [_line(kind, lot, place, quantity)])
        if response.status_code == 409:
            assert response.json()["code"] in ACCEPTED_REFUSALS, response.text
            assert model[(lot, place)] < quantity  # refused only when there was not enough
            continue
        assert response.status_code == 201, response.text
        for entry in response.json()["entries"]:
            model[(entry["lot_no"], entry["location_code"])] += entry["quantity"]

    on_hand = (await client.get("/v1/on-hand", params={"item_no": "1910-S"})).json()
    actual: dict[tuple[str, str], float] = defaultdict(float)
    for row in on_hand["rows"]:
        assert row["quantity"] > 0
        actual[(row["lot_no"], row["location_code"])] += row["quantity"]
    assert {k: v for k, v in actual.items()} == {k: v for k, v in model.items() if v}
    assert all(v >= 0 for v in model.values())

    ledger = (
        await client.get("/v1/ledger-entries", params={"item_no": "1910-S", "limit": 500})
    ).json()["items"]
    assert round(sum(e["quantity"] for e in ledger), 5) == round(sum(model.values()), 5)
    assert round(sum(e["remaining_quantity"] for e in ledger), 5) == round(sum(model.values()), 5)
