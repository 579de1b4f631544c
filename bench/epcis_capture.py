"""`python -m bench.epcis_capture`: EPCIS capture throughput and `/health` latency under capture.

The service runs as users meet it (uvicorn in a subprocess, `bench.api.service`) on the bench's
own Neo4j instance (`bench-epcis`, emptied first; it takes the TRACEGRAPH_NEO4J_* ports). Two
figures, printed and written to bench/results/epcis.json:

- throughput: DOCUMENTS documents of 1,000 ObjectEvents each (a partner's serials, so each event
  is stored and indexed but moves none of our stock) posted one after another; events/s;
- `/health` p50/p99/max while one 10,000-event document is captured, `/health` asked every
  10 ms on its own connection.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from bench import api
from service.domain.api_keys import ApiKeyCreate
from service.graph.admin import delete_all_data
from service.graph.api_keys import create_api_key
from service.graph.schema import apply_schema
from service.graph.store import open_graph
from service.neo4j_local import neo4j_target

DOCUMENTS = 5
RESULTS = Path(__file__).parent / "results" / "epcis.json"
CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]


def _document(events: int) -> bytes:
    event_list = [
        {
            "type": "ObjectEvent",
            "eventID": f"urn:uuid:{uuid.uuid4()}",
            "eventTime": "2026-07-22T10:30:00.000+02:00",
            "eventTimeZoneOffset": "+02:00",
            "action": "OBSERVE",
            "bizStep": "shipping",
            "epcList": [f"urn:epc:id:sgtin:0614141.107346.{n}"],
            "readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"},
        }
        for n in range(events)
    ]
    document = {
        "@context": CONTEXT,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-07-22T11:00:00Z",
        "epcisBody": {"eventList": event_list},
    }
    return json.dumps(document).encode()


async def _capture(client: httpx.AsyncClient, body: bytes) -> None:
    response = await client.post("/v1/epcis/capture", content=body,
                                 headers={"Content-Type": "application/ld+json"})  # fmt: skip
    if response.status_code != 201:
        raise RuntimeError(f"capture answered {response.status_code}: {response.text[:300]}")


async def _measure(svc: api.Service) -> dict[str, Any]:
    timeout = httpx.Timeout(600)
    async with (
        httpx.AsyncClient(base_url=svc.base_url, headers=svc.headers, timeout=timeout) as client,
        httpx.AsyncClient(base_url=svc.base_url, timeout=timeout) as health,
    ):
        bodies = [_document(1000) for _ in range(DOCUMENTS)]
        await _capture(client, _document(100))  # warm-up
        started = time.perf_counter()
        for body in bodies:
            await _capture(client, body)
        elapsed = time.perf_counter() - started
        big = _document(10_000)
        task = asyncio.create_task(_capture(client, big))
        latencies = []
        while not task.done():
            asked = time.perf_counter()
            answer = await health.get("/health")
            latencies.append((time.perf_counter() - asked) * 1000)
            if answer.status_code != 200:
                raise RuntimeError(f"/health answered {answer.status_code} during capture")
            await asyncio.sleep(0.01)
        await task
        ordered = sorted(latencies)
        return {
            "capture_1000_event_documents": {
                "documents": DOCUMENTS,
                "events_per_second": round(DOCUMENTS * 1000 / elapsed, 1),
            },
            "health_during_10000_event_capture_ms": {
                "samples": len(ordered),
                "p50": round(statistics.median(ordered), 1),
                "p99": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 1),
                "max": round(ordered[-1], 1),
            },
        }


async def main() -> None:
    with neo4j_target(instance="bench-epcis", allow_docker=False) as target:
        graph = open_graph(uri=target.uri, username=target.username, password=target.password,
                           database="neo4j")  # fmt: skip
        try:
            await delete_all_data(graph)
            await apply_schema(graph)
            key = await create_api_key(graph, request=ApiKeyCreate(name="bench", scopes=["post"]))
            log = Path(tempfile.gettempdir()) / "tracegraph-epcis-bench-service.log"
            with api.service(target, log, key=key.key) as svc:
                report = await _measure(svc)
        finally:
            await graph.close()
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
