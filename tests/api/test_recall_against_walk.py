"""Recalls compared with what the chain's own record says, on random supply chains: every
affected number downstream, every customer with each shipment, the stock to quarantine by
location, bin and package (open, expired, blocked) and the totals."""

import random
from collections import defaultdict
from typing import Any

import httpx
import pytest

from service.demo import seed
from service.graph.store import Graph
from tests.api.supply_chain import Chain, build_chain

SEEDS = [19, 31]
EVERY_STEP = {
    "purchase_receipt", "production", "assembly", "transfer", "sales_shipment",
    "sales_return_receipt", "purchase_return_shipment", "pack_on_receipt", "pack_carton",
    "pack_pallet", "unpack", "ship_package",
}  # fmt: skip


def _seen(recall: dict[str, Any]) -> dict[str, Any]:
    """A recall answer in the shape of `Chain.expected_recall`."""
    customers: dict[str, dict[tuple[Any, ...], float]] = defaultdict(lambda: defaultdict(float))
    for c in recall["customers"]:
        assert c["quantity"] == pytest.approx(sum(s["quantity"] for s in c["shipments"]))
        for s in c["shipments"]:
            shipment = (s["document_no"], s["posting_date"], s["item_no"], s["serial_no"],
                        s["lot_no"])  # fmt: skip
            customers[c["customer_no"]][shipment] += s["quantity"]
    stock: dict[tuple[Any, ...], float] = defaultdict(float)
    for s in recall["on_hand"]:
        key = (s["location_code"], s["bin_code"], s["item_no"], s["serial_no"], s["lot_no"],
               tuple(sorted(s["packages"])), s["status"])  # fmt: skip
        stock[key] += s["quantity"]
    return {
        "affected": sorted((a["item_no"], a["serial_no"], a["lot_no"]) for a in recall["affected"]),
        "customers": {c: dict(s) for c, s in customers.items()},
        "stock": dict(stock),
    }


def _totals(expected: dict[str, Any]) -> dict[str, Any]:
    def of(status: str) -> float:
        return round(float(sum(q for k, q in expected["stock"].items() if k[-1] == status)), 5)

    shipped = sum(sum(s.values()) for s in expected["customers"].values())
    returned = sum(expected["returned"].values())
    return {
        "affected_numbers": len(expected["affected"]),
        "customers": len(expected["customers"]),
        "shipped_quantity": round(shipped, 5),
        "returned_quantity": round(returned, 5),
        "outstanding_quantity": round(shipped - returned, 5),
        "on_hand_quantity": round(sum(expected["stock"].values()), 5),
        "open_quantity": of("open"),
        "expired_quantity": of("expired"),
        "blocked_quantity": of("blocked"),
    }


async def _compare(
    client: httpx.AsyncClient, number: dict[str, str], expected: dict[str, Any]
) -> None:
    body = {"recall_no": "RC-W", "reason": "Walk", "user": "qa", "numbers": [number]}
    response = await client.post("/v1/recalls", json=body)
    assert response.status_code == 200, response.text
    recall = response.json()
    seen = _seen(recall)
    missing = set(expected["affected"]) - set(seen["affected"])
    extra = set(seen["affected"]) - set(expected["affected"])
    assert seen["affected"] == expected["affected"], (number, missing, extra)
    assert seen["customers"] == expected["customers"], number
    assert seen["stock"] == expected["stock"], number
    assert recall["totals"] == _totals(expected), number


@pytest.mark.parametrize("seed_value", SEEDS)
async def test_recalls_match_the_chains_own_record(
    client: httpx.AsyncClient, graph: Graph, seed_value: int
) -> None:
    await seed(graph)
    chain: Chain = await build_chain(client, random.Random(seed_value))
    assert chain.kinds >= EVERY_STEP, EVERY_STEP - chain.kinds
    for lot in [lot for lot in chain.made if lot.startswith("R")] + chain.made[-2:]:
        await _compare(client, {"lot_no": lot}, chain.expected_recall({lot}))
    for package in sorted(chain.ever_in):
        lots = chain.lots_ever_in(package)
        await _compare(client, {"package_no": package}, chain.expected_recall(lots))
