"""Entry numbers drawn a block at a time: one service numbers its postings one after another
with one draw per block, an item's entries number in posting order across two services, and
numbers drawn and not used go back to the sequence when the service stops."""

import asyncio
from typing import Any

import httpx
import pytest

from service.demo import seed
from service.domain.postings import Document
from service.graph.admin import delete_all_data
from service.graph.postings import post_document
from service.graph.store import Graph, open_graph_for
from service.settings import Settings
from tests.api.posting_helpers import lots, post
from tests.api.test_epcis_capture import CHAIN_EVENTS, LD, VENDOR, _document


@pytest.fixture
async def demo(client: httpx.AsyncClient, graph: Graph) -> httpx.AsyncClient:
    await seed(graph)
    return client


async def _sequence(graph: Graph) -> int | None:
    found = await graph.driver.execute_query(
        "MATCH (s:LedgerSequence {name: 'itemLedgerEntry'}) RETURN s.last AS last",
        database_=graph.database,
    )
    return found.records[0]["last"] if found.records else None


async def _entry_nos(graph: Graph) -> list[int]:
    found = await graph.driver.execute_query(
        "MATCH (e:ItemLedgerEntry) RETURN e.entryNo AS no ORDER BY no", database_=graph.database
    )
    return [r["no"] for r in found.records]


def _receipt(document_no: str, lot: str, quantity: float = 2, item_no: str = "1928-S") -> Document:
    return Document.model_validate({
        "kind": "purchase_receipt", "document_no": document_no, "posting_date": "2026-11-02",
        "vendor_no": "V20000", "lines": [lots(item_no, lot, quantity)],
    })  # fmt: skip


async def _posted(graph: Graph, document: Document) -> list[int]:
    result, _ = await post_document(graph, document=document, idempotency_key=None)
    return [e.entry_no for e in result.entries]


async def test_one_service_numbers_its_postings_without_gaps_and_gives_back_the_rest(
    demo: httpx.AsyncClient, graph: Graph
) -> None:
    answers: list[Any] = []
    for n in range(5):
        response = await post(demo, "purchase_receipt", f"PR-{n}", [lots("1928-S", f"L{n}", 1)])
        assert response.status_code == 201, response.text
        answers += [e["entry_no"] for e in response.json()["entries"]]
    numbers = await _entry_nos(graph)
    assert numbers == list(range(1, len(numbers) + 1)), "no gap, no duplicate"
    assert answers == numbers[-5:]
    assert await _sequence(graph) == 100, "one draw: a block of 100"

    await graph.give_back_entry_numbers()  # as the service does when it stops
    assert await _sequence(graph) == len(numbers)
    assert await _posted(graph, _receipt("PR-AFTER", "L-AFTER")) == [len(numbers) + 1]


async def test_an_items_entries_number_in_posting_order_across_two_services(
    demo: httpx.AsyncClient, graph: Graph, settings: Settings
) -> None:
    other = open_graph_for(settings)  # a second service process on the same database
    try:
        posted: list[int] = []
        for n in range(6):
            by = graph if n % 2 == 0 else other
            posted += await _posted(by, _receipt(f"PR-{n}", f"L{n}"))
    finally:
        await other.close()
    assert posted == sorted(posted), "each posting numbered above the one before"
    numbers = await _entry_nos(graph)
    assert len(numbers) == len(set(numbers))


async def test_a_service_gives_back_only_the_numbers_no_one_drew_after(
    demo: httpx.AsyncClient, graph: Graph, settings: Settings
) -> None:
    await _posted(graph, _receipt("PR-1", "L1"))
    other = open_graph_for(settings)
    try:
        [first_of_other] = await _posted(other, _receipt("PR-2", "L2"))
        drawn = await _sequence(graph)
        await graph.give_back_entry_numbers()
        assert await _sequence(graph) == drawn, "the other service drew after: a gap stays"
    finally:
        await other.close()
    assert await _sequence(graph) == first_of_other


async def test_concurrent_postings_of_two_items_draw_small_blocks_without_gaps(
    demo: httpx.AsyncClient, settings: Settings
) -> None:
    """Blocks of 3 under 12 postings at once, of two items: several draws, each taken while
    other postings wait for it or take what is left, and every number used once, in order."""
    small = open_graph_for(settings.model_copy(update={"entry_number_block": 3}))
    try:
        receipts = [_receipt(f"PR-{n}", f"L{n}", 1, ("1928-S", "1910-S")[n % 2]) for n in range(12)]
        await asyncio.gather(*(_posted(small, r) for r in receipts))
        numbers = await _entry_nos(small)
    finally:
        await small.close()
    assert numbers == list(range(1, 13))


async def test_an_emptied_database_numbers_from_one_again(
    demo: httpx.AsyncClient, graph: Graph
) -> None:
    assert await _posted(graph, _receipt("PR-1", "L1")) == [1]
    await delete_all_data(graph)
    await seed(graph)
    assert await _posted(graph, _receipt("PR-1", "L1")) == [1], "not 2, from the old block"


async def test_a_block_of_one_draws_for_every_posting(
    demo: httpx.AsyncClient, graph: Graph, settings: Settings
) -> None:
    one_at_a_time = open_graph_for(settings.model_copy(update={"entry_number_block": 1}))
    try:
        await graph.give_back_entry_numbers()
        [entry_no] = await _posted(one_at_a_time, _receipt("PR-1", "L1"))
        assert await _sequence(graph) == entry_no, "nothing drawn ahead"
    finally:
        await one_at_a_time.close()


async def _block_taken_meanwhile(graph: Graph, settings: Settings, taken: int) -> None:
    """The database emptied while this service ran, and another service (stopped without giving
    numbers back) drew a block ending where this one's did and used `taken` numbers of it: the
    sequence stands where this service left it, yet its next numbers are taken."""
    await _posted(graph, _receipt("PR-1", "L1"))  # this service: block 1 to 100, used 1
    await delete_all_data(graph)
    await seed(graph)
    other = open_graph_for(settings)
    try:
        for n in range(taken):
            await _posted(other, _receipt(f"PR-O{n}", f"O{n}"))  # 1 to `taken`, sequence at 100
    finally:
        await other.driver.close()  # as if it crashed: its block stays drawn


async def test_a_block_whose_numbers_were_taken_meanwhile_is_dropped_after_one_refusal(
    demo: httpx.AsyncClient, graph: Graph, settings: Settings
) -> None:
    await _block_taken_meanwhile(graph, settings, 3)
    response = await post(demo, "purchase_receipt", "PR-2", [lots("1928-S", "L2", 1)])
    assert response.status_code == 409
    assert response.json()["code"] == "concurrent-posting"
    again = await post(demo, "purchase_receipt", "PR-2", [lots("1928-S", "L2", 1)])
    assert again.status_code == 201, again.text
    assert [e["entry_no"] for e in again.json()["entries"]] == [101]


async def test_an_epcis_capture_meeting_taken_numbers_draws_afresh_on_its_retry(
    demo: httpx.AsyncClient, graph: Graph, settings: Settings
) -> None:
    """A capture retries once on a constraint error (an event captured concurrently): that
    retry draws afresh too, rather than meeting the next taken numbers of the same block."""
    await _block_taken_meanwhile(graph, settings, 10)
    assert (await demo.patch("/v1/vendors/V20000", json={"gln": VENDOR})).status_code == 200
    response = await demo.post("/v1/epcis/capture", json=_document(CHAIN_EVENTS[:1]), headers=LD)
    assert response.status_code == 201, response.text
    numbers = await _entry_nos(graph)
    assert numbers[-3:] == [101, 102, 103], "two serials and a lot, after the other's block"
