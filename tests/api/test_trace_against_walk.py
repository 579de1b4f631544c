"""Traces compared with an independent walk over the posted documents' answers, on random
supply chains (production and assembly levels, untracked components, transfers, shipments,
returns, nested packages)."""

import random

import httpx
import pytest

from service.demo import seed
from service.graph.store import Graph
from tests.api.supply_chain import build_chain

SEEDS = [7, 2026]


@pytest.mark.parametrize("seed_value", SEEDS)
async def test_traces_match_an_independent_walk_in_every_direction_and_mode(
    client: httpx.AsyncClient, graph: Graph, seed_value: int
) -> None:
    await seed(graph)
    chain = await build_chain(client, random.Random(seed_value))
    deepest = 0
    for lot in chain.made:
        for method in ("origin-to-usage", "usage-to-origin"):
            for components in ("no", "item-tracked-only", "all"):
                params = {"lot_no": lot, "method": method, "show_components": components}
                trace = (await client.get("/v1/trace", params=params)).json()
                traced = {r["entry_no"] for r in trace["rows"]}
                assert traced == chain.ledger.walk(lot, method, components), (
                    lot,
                    method,
                    components,
                )
                assert len(traced) == len(trace["rows"])  # each entry once
                deepest = max([deepest, *(r["level"] for r in trace["rows"])])
    assert deepest >= 3, "the random chain should cross at least one production level"
