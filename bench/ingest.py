"""The bulk ingest: master data through the service's own graph functions, then the planned
ledger in batched `UNWIND $rows` writes (numbers, documents, entries, applications, transfers,
production and assembly genealogy, containment), and the `LedgerSequence` left where postings
would leave it, so `POST /v1/postings` carries on numbering after the last bulk entry."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from bench.generator import SCALES, Dataset, generate
from bench.ledger import Ledger, plan_ledger
from service.graph import items, locations, partners
from service.graph import tracking_codes as codes
from service.graph.admin import delete_all_data
from service.graph.cypher import cypher
from service.graph.store import Graph

# Rows per transaction. A batch's transaction state lives until it commits: with 10,000 rows
# two batches in flight outlived Neo4j's young collections and were promoted (a load at M with
# a 4 GB heap: 150 to 180 collector pauses, 14 to 19 s in all; 8 GB: ~57 pauses, ~4 s); with
# 5,000 most of it dies young (8 GB: ~48 pauses, ~2 s). Loads at M with 8 GB took 103 to 108 s
# with 5,000, 110 to 125 s with 10,000; 2,500 was no faster (105 s), 20,000 slower (131 s).
BATCH = 5_000
# Transactions in flight at once: two keep both cores busy (the client packs one batch while
# Neo4j writes another; neither waits on the other's locks); a third gains nothing.
CONCURRENCY = 2
# The data the timed ingest is preceded by (see `warm_up`).
WARM_UP_SCALE = "S"


@dataclass(frozen=True)
class IngestTimes:
    master_data: float
    ledger: float
    entries: int
    steps: dict[str, float]

    @property
    def entries_per_second(self) -> float:
        return self.entries / self.ledger if self.ledger else 0.0


@dataclass(frozen=True)
class WarmUp:
    scale: str
    seed: int
    ingest: IngestTimes
    emptied_seconds: float


def _batches(rows: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def entry_groups(entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries of one document, item and location together, in the order each group first
    appears, each group in entry-number order: `bulk/create_entries` looks its document, item
    and location up once per group (a batch of 5,000 entries at M holds ~300 groups; with a
    lookup of each for every entry, the entry step of a load at M took 61 to 64 s, 53 to 55 s
    now)."""
    groups: dict[tuple[str, str, str, str], list[dict[str, Any]]] = {}
    for e in entries:
        key = (e["documentKind"], e["documentNo"], e["itemNo"], e["locationCode"])
        groups.setdefault(key, []).append(e)
    return [
        {"documentKind": kind, "documentNo": no, "itemNo": item, "locationCode": location,
         "entries": group}
        for (kind, no, item, location), group in groups.items()
    ]  # fmt: skip


async def _write(
    graph: Graph,
    query: LiteralString,
    key: str,
    rows: Sequence[Any],
    steps: dict[str, float],
    pack: Callable[[Sequence[Any]], list[Any]] = list,
) -> None:
    """The rows a batch per transaction, `CONCURRENCY` transactions at a time (a batch that
    meets another's lock is retried by the driver); `pack` shapes a batch into the parameter."""
    started = time.perf_counter()
    turns = asyncio.Semaphore(CONCURRENCY)

    async def one(batch: Sequence[Any]) -> None:
        async with turns:
            await graph.driver.execute_query(query, {key: pack(batch)}, database_=graph.database)

    await asyncio.gather(*(one(batch) for batch in _batches(rows)))
    name = query.splitlines()[0] if query.startswith("//") else query.splitlines()[-1]
    steps[f"{len(rows):>9,} rows: {name[:70]}"] = round(time.perf_counter() - started, 2)


async def load_master_data(graph: Graph, dataset: Dataset) -> None:
    for code in dataset.tracking_codes:
        await codes.create_tracking_code(graph, request=code)
    for item in dataset.items:
        await items.create_item(graph, item=item)
    for location in dataset.locations:
        await locations.create_location(graph, location=location)
    for customer in dataset.customers:
        await partners.create_partner(graph, kind="customer", partner=customer)
    for vendor in dataset.vendors:
        await partners.create_partner(graph, kind="vendor", partner=vendor)


def _number_rows(ledger: Ledger) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Serial numbers (each with the lots it was posted in) and lots, as rows."""
    lots_of: dict[tuple[str, str, str], list[str]] = {}
    for i, v, n, lot in sorted(ledger.serial_lots):
        lots_of.setdefault((i, v, n), []).append(lot)
    serials = [
        {
            "itemNo": i,
            "variantCode": v,
            "no": n,
            "postedBy": ledger.cards.get(("serial", i, v, n)),
            "lotNos": lots_of.get((i, v, n), []),
        }
        for i, v, n in sorted(ledger.serials)
    ]
    lots = [
        {
            "itemNo": i,
            "variantCode": v,
            "no": n,
            "postedBy": ledger.cards.get(("lot", i, v, n)),
            "expirationDate": ledger.lot_expirations.get((i, v, n)),
        }
        for i, v, n in sorted(ledger.lots)
    ]
    return serials, lots


async def write_ledger(graph: Graph, ledger: Ledger) -> dict[str, float]:
    """Write the planned ledger into a database that holds the master data and nothing else;
    returns the seconds each step took."""
    steps: dict[str, float] = {}
    serials, lots = _number_rows(ledger)
    await _write(graph, cypher("bulk/create_lots"), "rows", lots, steps)
    await _write(graph, cypher("bulk/create_serial_nos"), "rows", serials, steps)
    await _write(graph, cypher("bulk/create_packages"), "packageNos", ledger.packages, steps)
    await _write(graph, cypher("bulk/create_documents"), "rows", ledger.documents, steps)
    if any(e["packageNo"] for e in ledger.entries):
        raise NotImplementedError("entries posted with a package number")
    await _write(
        graph, cypher("bulk/create_entries"), "groups", ledger.entries, steps, entry_groups
    )
    await _write(
        graph, cypher("postings/create_applications"), "applications", ledger.applications, steps
    )
    await _write(graph, cypher("postings/create_transfer_links"), "links", ledger.transfers, steps)
    production = sorted({r["orderNo"] for r in ledger.production_links})
    assembly = sorted({r["orderNo"] for r in ledger.assembly_links})
    await _write(graph, cypher("bulk/create_production_orders"), "orderNos", production, steps)
    await _write(graph, cypher("bulk/create_assembly_orders"), "orderNos", assembly, steps)
    await _write(
        graph, cypher("bulk/link_production_orders"), "rows", ledger.production_links, steps
    )
    await _write(graph, cypher("bulk/link_assembly_orders"), "rows", ledger.assembly_links, steps)
    await _write(graph, cypher("bulk/pack_serials"), "rows", ledger.serial_packing, steps)
    await _write(graph, cypher("bulk/pack_packages"), "rows", ledger.package_packing, steps)
    await graph.driver.execute_query(
        cypher("postings/next_entry_numbers"),
        {"count": ledger.last_entry_no},
        database_=graph.database,
    )
    return steps


async def ingest(graph: Graph, dataset: Dataset, ledger: Ledger) -> IngestTimes:
    """Master data, then the ledger; times each part."""
    started = time.perf_counter()
    await load_master_data(graph, dataset)
    loaded = time.perf_counter()
    steps = await write_ledger(graph, ledger)
    done = time.perf_counter()
    return IngestTimes(loaded - started, done - loaded, ledger.last_entry_no, steps)


async def warm_up(graph: Graph, *, seed: int, scale: str = WARM_UP_SCALE) -> WarmUp:
    """Bulk-ingest another supply chain (`scale`, `seed`) and empty the database again (schema
    kept), so that the timed ingest meets a Neo4j whose JVM has compiled its write paths, as a
    server that has been running would. On a fresh JVM the first large step of a load, the
    serial numbers, takes twice as long while the C2 compiler works (fresh loads of M: 97 s
    cold, 86 to 90 s after a warm-up with S)."""
    dataset = generate(SCALES[scale], seed)
    times = await ingest(graph, dataset, plan_ledger(dataset))
    started = time.perf_counter()
    await delete_all_data(graph)
    return WarmUp(scale, seed, times, time.perf_counter() - started)
