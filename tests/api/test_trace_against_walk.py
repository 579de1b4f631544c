"""Traces compared with an independent walk over the posted documents' answers, on random
supply chains (production levels, untracked components, transfers, shipments)."""

import random
from collections import defaultdict
from typing import Any

import httpx
import pytest

from service.demo import seed
from service.graph.store import Graph
from tests.api.posting_helpers import lots, post

LEVELS = ["RAW", "MID", "FIN"]


class Ledger:
    """What the posting answers say, and a walk over it written without the service's Cypher."""

    def __init__(self) -> None:
        self.entries: dict[int, dict[str, Any]] = {}
        self.taken_by: dict[int, list[int]] = defaultdict(list)  # inbound -> outbound
        self.arrived_from: dict[int, int] = {}  # arrived -> left
        self.order_of: dict[int, str] = {}

    def record(self, kind: str, document_no: str, entries: list[dict[str, Any]]) -> None:
        for e in entries:
            self.entries[e["entry_no"]] = e
            for applied in e["applied_to"]:
                self.taken_by[applied["entry_no"]].append(e["entry_no"])
            if kind in {"production", "assembly"}:
                self.order_of[e["entry_no"]] = document_no
        if kind == "transfer":
            left = [e["entry_no"] for e in entries if e["quantity"] < 0]
            arrived = [e["entry_no"] for e in entries if e["quantity"] > 0]
            self.arrived_from.update(zip(arrived, left, strict=True))

    def _order(self, no: int, entry_type: str) -> list[int]:
        order = self.order_of.get(no)
        return [n for n, o in self.order_of.items()
                if o == order and self.entries[n]["entry_type"] == entry_type]  # fmt: skip

    def forward(self, no: int) -> list[int]:
        e = self.entries[no]
        found = list(self.taken_by[no])
        found += [a for a, left in self.arrived_from.items() if left == no]
        if e["entry_type"] == "Consumption":
            found += self._order(no, "Output")
        return found

    def backward(self, no: int, components: str) -> list[int]:
        e = self.entries[no]
        found = [a["entry_no"] for a in e["applied_to"]]
        if no in self.arrived_from:
            found.append(self.arrived_from[no])
        if e["entry_type"] == "Output" and components != "no":
            found += [c for c in self._order(no, "Consumption")
                      if components == "all" or self.entries[c]["lot_no"]]  # fmt: skip
        return found

    def walk(self, lot: str, method: str, components: str) -> set[int]:
        start = {
            n for n, e in self.entries.items()
            if e["lot_no"] == lot and (method == "usage-to-origin"
                                       or (e["quantity"] > 0 and e["entry_type"] != "Consumption"))
        }  # fmt: skip
        seen, frontier = set(start), list(start)
        while frontier:
            nxt = []
            for n in frontier:
                step = (
                    self.forward(n) if method == "origin-to-usage" else self.backward(n, components)
                )
                for m in step:
                    if m not in seen:
                        seen.add(m)
                        nxt.append(m)
            frontier = nxt
        return seen


async def _build_chain(client: httpx.AsyncClient, rng: random.Random) -> tuple[Ledger, list[str]]:
    for item in (*LEVELS, "GLUE"):
        code = {"item_tracking_code": "LOTALL"} if item != "GLUE" else {}
        await client.post("/v1/items", json={"no": item, **code})
    ledger = Ledger()
    stock: dict[tuple[str, str, str], int] = defaultdict(int)  # (item, lot, location) -> qty
    made: list[str] = []

    async def posted(kind: str, lines: list[dict[str, Any]], **extra: Any) -> None:
        no = f"D{len(ledger.entries)}-{rng.randrange(10**6)}"
        answer = await post(client, kind, no, lines, **extra)
        assert answer.status_code == 201, answer.text
        ledger.record(kind, no, answer.json()["entries"])
        for e in answer.json()["entries"]:
            if e["lot_no"]:
                stock[(e["item_no"], e["lot_no"], e["location_code"])] += int(e["quantity"])

    await posted(
        "positive_adjustment", [{"item_no": "GLUE", "location_code": "MAIN", "quantity": 50}]
    )
    for n in range(3):
        made.append(f"R{n}")
        await posted("purchase_receipt", [lots("RAW", f"R{n}", rng.randint(4, 8))])
    for step in range(10):
        choice = rng.choice(["produce", "produce", "transfer", "ship"])
        have = [(k, q) for k, q in stock.items() if q > 0]
        if choice == "produce":
            level = rng.choice([0, 1])
            inputs = [(k, q) for k, q in have if k[0] == LEVELS[level] and k[2] == "MAIN"]
            if not inputs:
                continue
            picked = rng.sample(inputs, k=min(len(inputs), rng.randint(1, 2)))
            lot = f"{LEVELS[level + 1][0]}{step}"
            made.append(lot)
            lines = [
                {**lots(k[0], k[1], rng.randint(1, q)), "type": "consumption"} for k, q in picked
            ]
            lines.append(
                {"item_no": "GLUE", "location_code": "MAIN", "quantity": 1, "type": "consumption"}
            )
            lines.append({**lots(LEVELS[level + 1], lot, rng.randint(2, 6)), "type": "output"})
            await posted("production", lines, order_no=f"RPO-{step}")
        elif choice == "transfer" and have:
            (item, lot, place), q = rng.choice(have)
            other = "EAST" if place == "MAIN" else "MAIN"
            await posted("transfer", [{**lots(item, lot, rng.randint(1, q), place),
                                      "new_location_code": other}])  # fmt: skip
        elif choice == "ship" and have:
            (item, lot, place), q = rng.choice(have)
            await posted("sales_shipment", [lots(item, lot, rng.randint(1, q), place)])
    return ledger, made


@pytest.mark.parametrize("seed_value", [7, 19, 2026])
async def test_traces_match_an_independent_walk_in_every_direction_and_mode(
    client: httpx.AsyncClient, graph: Graph, seed_value: int
) -> None:
    await seed(graph)
    ledger, made_lots = await _build_chain(client, random.Random(seed_value))
    deepest = 0
    for lot in made_lots:
        for method in ("origin-to-usage", "usage-to-origin"):
            for components in ("no", "item-tracked-only", "all"):
                params = {"lot_no": lot, "method": method, "show_components": components}
                trace = (await client.get("/v1/trace", params=params)).json()
                traced = {r["entry_no"] for r in trace["rows"]}
                assert traced == ledger.walk(lot, method, components), (lot, method, components)
                assert len(traced) == len(trace["rows"])  # each entry once
                deepest = max([deepest, *(r["level"] for r in trace["rows"])])
    assert deepest >= 3, "the random chain should cross at least one production level"
