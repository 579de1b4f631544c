"""Clients that post documents fighting over the same serials and lots, and what they saw.

Each client posts with an Idempotency-Key and, on 503 (Neo4j away), waits and sends the same
request again, as an integrator following Retry-After would; a 201 is acknowledged, a 409 is a
refusal with its reason. Anything else is unexpected and counted as a failure.
"""

import asyncio
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

SERIAL_ITEM, LOT_ITEM = "1900-S", "1910-S"  # the demo's serial+lot and lot-tracked items
SERIALS = [f"Z{i:03d}" for i in range(60)]
SERIAL_LOT = "ZL"
LOTS = [f"RL{i}" for i in range(6)]
MAX_WAIT_SECONDS = 120.0


@dataclass
class Outcome:
    acknowledged: dict[str, dict[str, Any]] = field(default_factory=dict)  # document no -> body
    refused: Counter[str] = field(default_factory=Counter)  # code -> count
    unexpected: list[str] = field(default_factory=list)
    retries: int = 0
    replayed: int = 0
    seconds: float = 0.0
    first_503: float | None = None
    last_503: float | None = None

    @property
    def answered(self) -> int:
        return len(self.acknowledged) + sum(self.refused.values())


def _line(item: str, tracking: list[dict[str, Any]]) -> dict[str, Any]:
    quantity = sum(t["quantity"] for t in tracking)
    return {"item_no": item, "location_code": "MAIN", "quantity": quantity, "tracking": tracking}


def document(rng: random.Random, document_no: str) -> dict[str, Any]:
    """A random receipt or shipment of a few contested serials or lot quantities."""
    roll = rng.random()
    if roll < 0.6:
        serials = rng.sample(SERIALS, rng.randint(1, 2))
        tracking = [{"serial_no": s, "lot_no": SERIAL_LOT, "quantity": 1} for s in serials]
        line = _line(SERIAL_ITEM, tracking)
        inbound = roll < 0.3
    else:
        tracking = [{"lot_no": rng.choice(LOTS), "quantity": rng.randint(1, 4)}]
        line = _line(LOT_ITEM, tracking)
        inbound = roll < 0.8
    if inbound:
        return {"kind": "purchase_receipt", "document_no": document_no, "vendor_no": "V20000",
                "posting_date": "2026-11-02", "lines": [line]}  # fmt: skip
    return {"kind": "sales_shipment", "document_no": document_no, "customer_no": "C10000",
            "posting_date": "2026-11-02", "lines": [line]}  # fmt: skip


async def _post_until_answered(
    client: httpx.AsyncClient, body: dict[str, Any], outcome: Outcome, started: float
) -> None:
    key = str(uuid.uuid4())
    deadline = time.monotonic() + MAX_WAIT_SECONDS
    while True:
        try:
            response = await client.post("/v1/postings", json=body,
                                         headers={"Idempotency-Key": key})  # fmt: skip
        except httpx.TransportError as exc:  # the service itself unreachable: retry too
            status, retry_after, text = 0, 0.5, type(exc).__name__
        else:
            status, text = response.status_code, response.text[:300]
            retry_after = float(response.headers.get("retry-after", "0.5"))
        if status == 201:
            outcome.acknowledged[body["document_no"]] = body
            if response.headers.get("idempotent-replayed") == "true":
                outcome.replayed += 1
            return
        if status == 409:
            outcome.refused[response.json().get("code", "?")] += 1
            return
        # 504: the request's time budget ran out (waiting for the items' locks behind 31 other
        # clients on a cold Neo4j, say) and nothing was posted; the Idempotency-Key makes a
        # retry safe either way.
        if status in {0, 503, 504} and time.monotonic() < deadline:
            now = time.monotonic() - started
            outcome.first_503 = outcome.first_503 if outcome.first_503 is not None else now
            outcome.last_503 = now
            outcome.retries += 1
            await asyncio.sleep(min(retry_after, 0.5))
            continue
        outcome.unexpected.append(f"{status} {body['document_no']}: {text}")
        return


async def run_load(
    client: httpx.AsyncClient,
    *,
    clients: int,
    postings: int,
    seed: int = 7,
    outcome_box: list[Outcome] | None = None,
) -> Outcome:
    """`postings` documents over `clients` concurrent clients; returns what they saw
    (`outcome_box` receives the outcome at once, for whoever watches progress)."""
    outcome = Outcome()
    if outcome_box is not None:
        outcome_box.append(outcome)
    started = time.monotonic()
    per_client = [postings // clients + (1 if i < postings % clients else 0)
                  for i in range(clients)]  # fmt: skip

    async def one(index: int, count: int) -> None:
        rng = random.Random(seed * 1000 + index)
        for n in range(count):
            body = document(rng, f"LD{index:02d}-{n:05d}")
            await _post_until_answered(client, body, outcome, started)

    await asyncio.gather(*(one(i, n) for i, n in enumerate(per_client)))
    outcome.seconds = time.monotonic() - started
    return outcome
