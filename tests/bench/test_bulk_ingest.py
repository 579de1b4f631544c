"""The benchmark's bulk ingest writes what postings write: the XS supply chain bulk-ingested and
the same documents posted one by one give the same graph, and the API answers on it as the
generated ledger predicts."""

from collections import defaultdict
from typing import Any

import httpx
import pytest

from bench.generator import SCALES, Dataset, generate
from bench.ingest import entry_groups, ingest, load_master_data, warm_up
from bench.ledger import Ledger, plan_ledger
from service.graph import postings
from service.graph.admin import delete_all_data
from service.graph.cypher import cypher
from service.graph.store import Graph

# Set when the statement runs (now), so never equal between two writes of the same ledger.
CLOCK_PROPERTIES = {"postedAt", "cardCreatedAt", "at", "packedAt", "unpackedAt", "createdAt"}
KEYS = {
    "ItemLedgerEntry": ("entryNo",), "Document": ("kind", "documentNo"),
    "SerialNo": ("itemNo", "serialNo"), "Lot": ("itemNo", "lotNo"), "Package": ("packageNo",),
    "ProductionOrder": ("orderNo",), "AssemblyOrder": ("orderNo",), "Item": ("no",),
    "Location": ("code",), "Customer": ("no",), "Vendor": ("no",),
    "ItemTrackingCode": ("code",), "LedgerSequence": ("name",), "AuditRecord": ("reason",),
}  # fmt: skip
# Not the ledger: access, and the EPCIS record of each posting (bulk ingest does not write it).
APART = ["ApiKey", "EpcisEvent", "Epc", "BizTransaction"]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return generate(SCALES["XS"], seed=11)


@pytest.fixture(scope="module")
def ledger(dataset: Dataset) -> Ledger:
    return plan_ledger(dataset)


def _plain(props: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in props.items() if k not in CLOCK_PROPERTIES))


async def _snapshot(graph: Graph) -> tuple[list[Any], list[Any]]:
    """Every node and relationship, named by business keys, without clock times."""
    nodes, _, _ = await graph.driver.execute_query(
        "MATCH (n) WHERE none(label IN labels(n) WHERE label IN $apart) "
        "RETURN elementId(n) AS id, labels(n)[0] AS label, properties(n) AS props",
        apart=APART,
        database_=graph.database,
    )
    names = {}
    for n in nodes:
        key = tuple(str(n["props"].get(k)) for k in KEYS[n["label"]])
        names[n["id"]] = (n["label"], *key)
    rels, _, _ = await graph.driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE none(label IN labels(a) + labels(b) WHERE label IN $apart) "
        "RETURN elementId(a) AS a, type(r) AS type, properties(r) AS props, elementId(b) AS b",
        apart=APART,
        database_=graph.database,
    )
    node_list = sorted((names[n["id"]], _plain(n["props"])) for n in nodes)
    rel_list = sorted((names[r["a"]], r["type"], _plain(r["props"]), names[r["b"]]) for r in rels)
    return node_list, rel_list


async def test_bulk_ingest_writes_the_graph_postings_write(
    graph: Graph, dataset: Dataset, ledger: Ledger
) -> None:
    await load_master_data(graph, dataset)
    for document in dataset.documents:
        await postings.post_document(graph, document=document, idempotency_key=None)
    await graph.give_back_entry_numbers()  # as the service does when it stops
    posted = await _snapshot(graph)

    await delete_all_data(graph)
    times = await ingest(graph, dataset, ledger)
    bulk = await _snapshot(graph)

    assert times.entries == len(ledger.entries) > 500
    assert len(bulk[0]) == len(posted[0])
    assert len(bulk[1]) == len(posted[1])
    assert bulk[0] == posted[0]
    assert bulk[1] == posted[1]


async def test_the_warm_up_leaves_nothing_the_timed_ingest_would_meet(
    graph: Graph, dataset: Dataset, ledger: Ledger
) -> None:
    await ingest(graph, dataset, ledger)
    first = await _snapshot(graph)
    await delete_all_data(graph)

    warm = await warm_up(graph, seed=12, scale="XS")
    records, _, _ = await graph.driver.execute_query(
        "MATCH (n) WHERE NOT n:ApiKey RETURN count(n) AS n", database_=graph.database
    )
    assert warm.ingest.entries > 500
    assert records[0]["n"] == 0
    await ingest(graph, dataset, ledger)
    assert await _snapshot(graph) == first


def _walk_backward(ledger: Ledger, start: set[int]) -> set[int]:
    """Usage -> origin over the planned rows, written without the service's Cypher."""
    applied: dict[int, list[int]] = defaultdict(list)
    for a in ledger.applications:
        applied[a["outbound"]].append(a["inbound"])
    left = {t["arrived"]: t["left"] for t in ledger.transfers}
    consumed: dict[str, list[int]] = defaultdict(list)
    order_of: dict[int, str] = {}
    for link in ledger.production_links + ledger.assembly_links:
        if link["output"]:
            order_of[link["entryNo"]] = link["orderNo"]
        else:
            consumed[link["orderNo"]].append(link["entryNo"])
    seen, frontier = set(start), list(start)
    while frontier:
        nxt = []
        for n in frontier:
            steps = applied[n] + ([left[n]] if n in left else [])
            steps += consumed[order_of[n]] if n in order_of else []
            nxt += [m for m in steps if m not in seen]
            seen.update(steps)
        frontier = nxt
    return seen


async def test_traces_and_on_hand_answer_as_the_generated_ledger_predicts(
    client: httpx.AsyncClient, graph: Graph, dataset: Dataset, ledger: Ledger
) -> None:
    await ingest(graph, dataset, ledger)
    by_serial: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in ledger.entries:
        if e["serialNo"]:
            by_serial[e["serialNo"]].append(e)
    sample = dataset.finished_serials[:: max(1, len(dataset.finished_serials) // 8)]
    deepest = 0
    for item, serial in sample:
        params = {"serial_no": serial, "item_no": item, "method": "usage-to-origin",
                  "show_components": "all"}  # fmt: skip
        answer = (await client.get("/v1/trace", params=params)).json()
        start = {e["entryNo"] for e in by_serial[serial]}
        assert {r["entry_no"] for r in answer["rows"]} == _walk_backward(ledger, start)
        deepest = max([deepest, *(r["level"] for r in answer["rows"])])
        assert any(r["item_no"].startswith("RAW-") for r in answer["rows"])

        on_hand = (await client.get("/v1/on-hand", params={"serial_no": serial})).json()
        expected = {(e["locationCode"], e["remainingQuantity"])
                    for e in by_serial[serial] if e["open"]}  # fmt: skip
        assert {(r["location_code"], r["quantity"]) for r in on_hand["rows"]} == expected
    assert deepest >= 7, "a finished serial goes back through four production levels"


async def test_ledger_invariants_hold_after_the_bulk_ingest(
    graph: Graph, dataset: Dataset, ledger: Ledger
) -> None:
    await ingest(graph, dataset, ledger)
    records, _, _ = await graph.driver.execute_query(
        "MATCH (i:ItemLedgerEntry) WHERE i.positive "
        "OPTIONAL MATCH (o:ItemLedgerEntry)-[a:APPLIED_TO]->(i) "
        "WITH i, i.quantity - coalesce(sum(a.quantity), 0) AS left "
        "RETURN count(i) AS inbound, "
        "sum(CASE WHEN abs(left - i.remainingQuantity) > 1e-6 THEN 1 ELSE 0 END) AS mismatched, "
        "sum(CASE WHEN i.remainingQuantity < 0 THEN 1 ELSE 0 END) AS negative, "
        "sum(CASE WHEN i.open <> (i.remainingQuantity > 0) THEN 1 ELSE 0 END) AS wrong_open",
        database_=graph.database,
    )
    assert records[0]["inbound"] > 300
    assert (records[0]["mismatched"], records[0]["negative"], records[0]["wrong_open"]) == (0, 0, 0)
    sequence, _, _ = await graph.driver.execute_query(
        "MATCH (s:LedgerSequence {name: 'itemLedgerEntry'}) RETURN s.last AS last",
        database_=graph.database,
    )
    assert sequence[0]["last"] == len(ledger.entries)


async def test_entry_batches_of_an_item_without_serial_numbers_write_side_by_side(
    graph: Graph, dataset: Dataset, ledger: Ledger
) -> None:
    """Two batches in flight, each with an entry of the same item and no serial number: the
    second writes while the first is open, rather than waiting on a lock for the empty number
    (before, both looked it up, and a lookup that finds nothing locks its key until commit)."""
    await ingest(graph, dataset, ledger)
    unserialised = [e for e in ledger.entries if not e["serialNo"]]
    first = unserialised[0]
    second = next(
        e
        for e in unserialised
        if e["itemNo"] == first["itemNo"] and e["documentNo"] != first["documentNo"]
    )
    statement = cypher("bulk/create_entries")
    after = len(ledger.entries)
    async with (
        graph.driver.session(database=graph.database) as one,
        graph.driver.session(database=graph.database) as two,
    ):
        held = await one.begin_transaction()
        groups = entry_groups([{**first, "entryNo": after + 1}])
        await (await held.run(statement, groups=groups)).consume()
        # Neo4j ends this transaction after 5 s if it waits for `held`'s locks.
        beside = await two.begin_transaction(timeout=5)
        groups = entry_groups([{**second, "entryNo": after + 2}])
        await (await beside.run(statement, groups=groups)).consume()
        await beside.commit()
        await held.commit()
    written, _, _ = await graph.driver.execute_query(
        "MATCH (e:ItemLedgerEntry)-[:OF_LOT]->(:Lot) WHERE e.entryNo > $after RETURN count(e) AS n",
        after=after,
        database_=graph.database,
    )
    assert written[0]["n"] == 2
