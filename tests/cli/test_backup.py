"""`tracegraph backup` / `restore` on the local Neo4j: backup, empty, restore gives the same
answers to 100 traces, 100 recalls and 100 on-hand reads; while the instance is offline the
service answers 503 with Retry-After."""

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.demo import seed
from service.graph.admin import count_data, delete_all_data
from service.graph.store import Graph
from service.neo4j_local import Neo4jTarget
from tests.api.posting_helpers import chairs, lots, post
from tests.cli.test_cli import tracegraph

LOTS = [f"BK-{n:03d}" for n in range(50)]
SERIALS = [f"SBK-{n:03d}" for n in range(50)]


async def _supply_chain(client: httpx.AsyncClient) -> None:
    received = [lots("1910-S", lot, 5) for lot in LOTS]
    received += [chairs(*SERIALS[n : n + 10], lot=f"LBK-{n}") for n in range(0, 50, 10)]
    assert (await post(client, "purchase_receipt", "PR-BK", received)).status_code == 201
    shipped = [lots("1910-S", lot, 2) for lot in LOTS[::2]] + [chairs(*SERIALS[::3], lot="x")]
    shipped[-1]["tracking"] = [{"serial_no": s, "lot_no": f"LBK-{SERIALS.index(s) // 10 * 10}"}
                               for s in SERIALS[::3]]  # fmt: skip
    assert (await post(client, "sales_shipment", "SS-BK", shipped)).status_code == 201


async def _answers(client: httpx.AsyncClient) -> list[Any]:
    numbers = [{"lot_no": lot} for lot in LOTS] + [{"serial_no": s} for s in SERIALS]
    answers: list[Any] = []
    for n, number in enumerate(numbers):
        method = "origin-to-usage" if n % 2 else "usage-to-origin"
        answers.append((await client.get("/v1/trace", params={**number, "method": method})).json())
        item = "1910-S" if "lot_no" in number else "1900-S"
        recall = {"recall_no": "RC-BK", "reason": "check", "user": "qa",
                  "numbers": [{**number, "item_no": item}]}  # fmt: skip
        answers.append((await client.post("/v1/recalls", json=recall)).json())
        answers.append((await client.get("/v1/on-hand", params=number)).json())
    return answers


async def _offline_answers(client: httpx.AsyncClient, done: asyncio.Event) -> list[httpx.Response]:
    seen = []
    while not done.is_set():
        response = await client.get("/v1/items")
        if response.status_code != 200:
            seen.append(response)
        await asyncio.sleep(0.2)
    return seen


async def test_backup_empty_restore_gives_the_same_answers(
    graph: Graph, neo4j: Neo4jTarget, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    if neo4j.origin != "local":
        pytest.fail("backup and restore work on the local instance; these tests run elsewhere")
    await seed(graph)
    await _supply_chain(client)
    before = await _answers(client)
    assert len(before) == 300
    dump = tmp_path / "tracegraph.dump"
    instance = "test"

    done = asyncio.Event()
    watcher = asyncio.create_task(_offline_answers(client, done))
    backed_up = await tracegraph(neo4j, "backup", str(dump), "--instance", instance)
    done.set()
    offline = await watcher

    assert backed_up.exit_code == 0, backed_up.output
    assert dump.stat().st_size > 0
    assert offline, "the service answered while Neo4j was offline"
    assert {r.status_code for r in offline} == {503}
    assert all(r.headers["Retry-After"] == "5" for r in offline)

    await delete_all_data(graph)
    assert await count_data(graph) == 0

    declined = await tracegraph(neo4j, "restore", str(dump), "--instance", instance, input="n\n")
    assert declined.exit_code == 1
    assert await count_data(graph) == 0

    restored = await tracegraph(neo4j, "restore", str(dump), "--instance", instance, "--yes")

    assert restored.exit_code == 0, restored.output
    assert await _answers(client) == before


async def test_backup_refuses_to_overwrite_a_file(
    graph: Graph, neo4j: Neo4jTarget, tmp_path: Path
) -> None:
    dump = tmp_path / "kept.dump"
    dump.write_text("mine")

    result = await tracegraph(neo4j, "backup", str(dump), "--instance", "test")

    assert result.exit_code == 2
    assert "exists" in result.output
    assert dump.read_text() == "mine"
