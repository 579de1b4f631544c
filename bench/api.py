"""The service as users meet it: uvicorn in a subprocess against the bench's Neo4j, asked over
HTTP through `bench.http_client` (a lean client, so the timings are the service's): the same
four queries as `bench.raw` and `bench.postgres`, and the posting rate of `POST /v1/postings`
with concurrent clients."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.http_client import Answer, Client
from service.neo4j_local import Neo4jTarget

PORT = 48000
PAGE = 100_000  # rows per answer, the most the API gives: whole traces, as PostgreSQL gives them


@dataclass(frozen=True)
class Service:
    pid: int
    base_url: str
    headers: dict[str, str]


@contextmanager
def service(target: Neo4jTarget, log: Path, *, key: str, port: int = PORT) -> Iterator[Service]:
    """`uvicorn service.main:create_app` on 127.0.0.1:`port`, stopped with SIGTERM on exit;
    requests carry the API `key` (the service checks it as in production)."""
    env = {
        **os.environ,
        "NEO4J_URI": target.uri,
        "NEO4J_USERNAME": target.username,
        "NEO4J_PASSWORD": target.password,
    }
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "service.main:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    with log.open("w") as out:
        process = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the service did not start; see {log}")
            time.sleep(0.25)
        yield Service(process.pid, base_url, {"Authorization": f"Bearer {key}"})
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _ok(response: Answer) -> Any:
    if response.status_code >= 300:
        raise RuntimeError(
            f"{response.request} answered {response.status_code}: {response.text[:500]}"
        )
    return response.json()


async def _whole_trace(client: Client, params: dict[str, Any]) -> set[int]:
    """Every row of a trace, asking page after page as a user would (one page, mostly)."""
    found: set[int] = set()
    offset: int | None = 0
    while offset is not None:
        trace = _ok(await client.get("/v1/trace", params={**params, "offset": offset}))
        found |= {r["entry_no"] for r in trace["rows"]}
        offset = trace["next_offset"]
    return found


async def backward(client: Client, *, item: str, serial: str, graph: bool = False) -> set[int]:
    """A backward trace's rows; with `graph`, the default answer, which holds them again as
    the viewer's graph."""
    params = {
        "serial_no": serial,
        "item_no": item,
        "method": "usage-to-origin",
        "show_components": "all",
        "limit": PAGE,
        "graph": _flag(graph),
    }
    return await _whole_trace(client, params)


async def forward(client: Client, *, item: str, lot: str, graph: bool = False) -> set[int]:
    """A forward trace's rows; with `graph`, as `backward`."""
    params = {
        "lot_no": lot,
        "item_no": item,
        "method": "origin-to-usage",
        "show_components": "all",
        "limit": PAGE,
        "graph": _flag(graph),
    }
    return await _whole_trace(client, params)


def _flag(value: bool) -> str:
    return "true" if value else "false"


async def recall(client: Client, *, item: str, lot: str) -> dict[str, set[str]]:
    body = {
        "recall_no": "BENCH",
        "reason": "Benchmark",
        "user": "bench",
        "block": False,
        "numbers": [{"lot_no": lot, "item_no": item}],
    }
    found = _ok(await client.post("/v1/recalls", json=body))
    return {
        "serial": {f"{a['item_no']}/{a['serial_no']}" for a in found["affected"] if a["serial_no"]},
        "customer": {c["customer_no"] for c in found["customers"]},
        "stock": {f"{len(found['on_hand'])} open entries"},
    }


async def where_is(client: Client, *, item: str, serial: str) -> dict[str, set[str]]:
    found = _ok(await client.get("/v1/where-is", params={"serial_no": serial, "item_no": item}))
    return {
        "package": {c["package_no"] for c in found["chain"] if c.get("kind") == "package"},
        "location": {r["location_code"] for r in found["on_hand"]},
        "customer": {s["customer_no"] for s in found["shipped_to"]},
    }


# -- posting rate -------------------------------------------------------------------------------


def _chain(
    client_no: int, chain_no: int, item: str, customer: str, day: str, phase: str = ""
) -> list[Any]:
    """Four documents on one new raw lot: receive, transfer, ship part, write off the rest
    (`phase` tells the warm-up's numbers from the measured ones)."""
    lot = f"LAPI{phase}-{client_no}-{chain_no}"
    tag = f"{phase}{client_no:02}{chain_no:05}"
    line = {
        "item_no": item,
        "location_code": "PLANT",
        "quantity": 100,
        "tracking": [{"lot_no": lot, "quantity": 100, "expiration_date": "2031-12-31"}],
    }
    dc = {"item_no": item, "location_code": "DC-NORTH"}
    return [
        {
            "kind": "purchase_receipt",
            "document_no": f"APR-{tag}",
            "posting_date": day,
            "vendor_no": "V0001",
            "lines": [line],
        },
        {
            "kind": "transfer",
            "document_no": f"ATR-{tag}",
            "posting_date": day,
            "lines": [
                {
                    **line,
                    "tracking": [{"lot_no": lot, "quantity": 100}],
                    "new_location_code": "DC-NORTH",
                }
            ],
        },
        {
            "kind": "sales_shipment",
            "document_no": f"ASS-{tag}",
            "posting_date": day,
            "customer_no": customer,
            "lines": [{**dc, "quantity": 60, "tracking": [{"lot_no": lot, "quantity": 60}]}],
        },
        {
            "kind": "negative_adjustment",
            "document_no": f"ANA-{tag}",
            "posting_date": day,
            "lines": [{**dc, "quantity": 40, "tracking": [{"lot_no": lot, "quantity": 40}]}],
        },
    ]


@dataclass(frozen=True)
class PostingRate:
    clients: int
    documents: int
    seconds: float
    latencies: list[float]

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds


async def posting_rate(
    svc: Service,
    *,
    clients: int,
    seconds: float,
    warmup: float,
    items: list[str],
    customer: str,
    day: str,
) -> PostingRate:
    """`clients` concurrent clients, each posting its own chains of documents until `seconds`
    have passed (a chain is finished once begun), after `warmup` seconds of the same that are
    not timed: Neo4j compiles the write paths the queries before did not take (a cold server
    posts at a third of the warm rate)."""
    latencies: list[float] = []
    counts = [0] * clients

    async def one(client_no: int, phase: str, stop: float, timed: bool) -> None:
        async with Client(svc.base_url, headers=svc.headers, timeout=120) as client:
            chain_no = 0
            while time.perf_counter() < stop:
                item = items[(client_no + chain_no) % len(items)]
                for body in _chain(client_no, chain_no, item, customer, day, phase):
                    started = time.perf_counter()
                    response = await client.post("/v1/postings", json=body)
                    if response.status_code != 201:
                        raise RuntimeError(f"posting failed: {response.text[:500]}")
                    if timed:
                        latencies.append(time.perf_counter() - started)
                        counts[client_no] += 1
                chain_no += 1

    stop = time.perf_counter() + warmup
    await asyncio.gather(*(one(n, "W", stop, False) for n in range(clients)))
    started = time.perf_counter()
    stop = started + seconds
    await asyncio.gather(*(one(n, "", stop, True) for n in range(clients)))
    return PostingRate(clients, sum(counts), time.perf_counter() - started, latencies)


async def fsma_export(client: Client, *, item: str, lot: str) -> tuple[int, float]:
    """A forward trace of a lot as the FSMA 204 workbook (GET /v1/trace?format=xlsx): its
    rows (from the JSON answer's total, asked first and not timed) and the export's seconds."""
    params = {"lot_no": lot, "item_no": item, "method": "origin-to-usage",
              "show_components": "all"}  # fmt: skip
    rows = _ok(await client.get("/v1/trace", params={**params, "limit": 1, "graph": "false"}))
    started = time.perf_counter()
    answer = await client.get("/v1/trace", params={**params, "format": "xlsx"})
    seconds = time.perf_counter() - started
    if answer.status_code != 200:
        raise RuntimeError(f"{answer.request} answered {answer.status_code}: {answer.text[:500]}")
    return int(rows["total_rows"]), seconds
