"""An acknowledged block holds: a sale racing a block of the stock it takes either commits
before the block is acknowledged or is refused. Over 520 races (lots, serials, packages, and a
recall blocking four lots at once), no sale of blocked stock is started after a block's 200,
and none commits after it: a read started the moment the block answered finds no sale that
later answers 201."""

import asyncio
import random
import time
from dataclasses import dataclass
from typing import Any

import httpx

from service.demo import seed
from service.graph.store import Graph
from tests.api.posting_helpers import chairs, lots, post

RACES = 130  # of each of the four kinds: 520 in all
AT_ONCE = 10  # races run side by side
JITTER = 0.015  # each side of a race starts within this many seconds


@dataclass(frozen=True)
class Race:
    kind: str
    document_no: str
    sale: list[dict[str, Any]]
    block_url: str
    block_body: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    kind: str
    sale_status: int
    block_status: int
    sale_started_after_ack: bool
    sale_seen_at_ack: bool

    @property
    def broken(self) -> bool:
        """Both succeeded, yet the sale started, or committed, after the block's 200."""
        both = self.sale_status == 201 and self.block_status == 200
        return both and (self.sale_started_after_ack or not self.sale_seen_at_ack)


REASON = {"user": "qa", "reason": "Quality hold"}


def _races() -> tuple[list[dict[str, Any]], list[Race]]:
    received: list[dict[str, Any]] = []
    races: list[Race] = []
    for i in range(RACES):
        received.append(lots("1910-S", f"BL-{i}", 1))
        races.append(Race("lot", f"SL-{i}", [lots("1910-S", f"BL-{i}", 1)],
                          f"/v1/lots/1910-S/BL-{i}/block", REASON))  # fmt: skip
        received.append(chairs(f"BS-{i}"))
        races.append(Race("serial", f"SS-{i}", [chairs(f"BS-{i}")],
                          f"/v1/serial-nos/1900-S/BS-{i}/block", REASON))  # fmt: skip
        packed = lots("1910-S", f"BP-{i}", 1, package_no=f"PK-{i}")
        received.append(packed)
        races.append(Race("package", f"SP-{i}", [packed], f"/v1/packages/PK-{i}/block", REASON))
        recalled = [f"BR-{i}-{j}" for j in range(4)]
        received += [lots("1910-S", lot, 1) for lot in recalled]
        numbers = [{"item_no": "1910-S", "lot_no": lot} for lot in recalled]
        recall = {"recall_no": f"RC-{i}", "reason": "Contamination", "user": "qa", "block": True,
                  "numbers": numbers}  # fmt: skip
        races.append(Race("recall", f"SR-{i}", [lots("1910-S", recalled[0], 1)],
                          "/v1/recalls", recall))  # fmt: skip
    return received, races


async def _run(client: httpx.AsyncClient, race: Race, rng: random.Random) -> Outcome:
    times: dict[str, float] = {}

    async def sale() -> httpx.Response:
        await asyncio.sleep(rng.uniform(0, JITTER))
        times["sale"] = time.monotonic()
        return await post(client, "sales_shipment", race.document_no, race.sale)

    async def block() -> tuple[httpx.Response, bool]:
        await asyncio.sleep(rng.uniform(0, JITTER))
        answer = await client.post(race.block_url, json=race.block_body)
        times["ack"] = time.monotonic()
        if answer.status_code != 200:
            return answer, False
        seen = await client.get("/v1/ledger-entries", params={"document_no": race.document_no})
        return answer, bool(seen.json()["items"])

    sold, (blocked, seen) = await asyncio.gather(sale(), block())
    assert sold.status_code in {201, 409}, sold.text
    if sold.status_code == 409:
        assert sold.json()["code"] in {"blocked", "cannot-be-fully-applied"}, sold.text
    assert blocked.status_code == 200, blocked.text
    return Outcome(race.kind, sold.status_code, blocked.status_code,
                   sale_started_after_ack=times["sale"] > times["ack"],
                   sale_seen_at_ack=seen)  # fmt: skip


async def test_no_sale_of_blocked_stock_commits_after_the_block_was_acknowledged(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    received, races = _races()
    for n, start in enumerate(range(0, len(received), 200)):
        got = await post(client, "purchase_receipt", f"PR-{n}", received[start : start + 200])
        assert got.status_code == 201, got.text
    for i in range(RACES):
        card = await client.post("/v1/packages", json={"package_no": f"PK-{i}", "user": "qa"})
        assert card.status_code in {201, 409}, card.text  # the posting may have made it
    rng = random.Random(32)
    rng.shuffle(races)

    started = time.monotonic()
    outcomes: list[Outcome] = []
    for first in range(0, len(races), AT_ONCE):
        batch = races[first : first + AT_ONCE]
        outcomes += await asyncio.gather(*(_run(client, race, rng) for race in batch))
    took = time.monotonic() - started

    broken = [o for o in outcomes if o.broken]
    by_kind = {
        k: sum(o.kind == k for o in outcomes) for k in ("lot", "serial", "package", "recall")
    }
    sold = sum(o.sale_status == 201 for o in outcomes)
    after = {k: sum(o.kind == k for o in broken) for k in by_kind}
    summary = (f"{len(outcomes)} races {by_kind} in {took:.1f} s: {sold} sales went first, "
               f"{len(outcomes) - sold} refused, {len(broken)} {after} started or committed "
               "after an acknowledged block")  # fmt: skip
    print(summary)
    assert len(outcomes) >= 500
    assert broken == [], summary
    assert 0 < sold < len(outcomes), f"the races were not races: {summary}"
