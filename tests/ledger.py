"""Ledger history for setup tests, written straight into Neo4j.

The interlocks of item tracking codes and items depend on whether item ledger entries exist;
these tests need such entries before the posting engine is part of the picture, so they write
the same shape postings write: `(:ItemLedgerEntry)-[:OF_ITEM]->(:Item)`.
"""

import datetime as dt

from service.graph.store import Graph


async def record_ledger_entry(
    graph: Graph, *, item_no: str, expiration_date: dt.date | None = None
) -> None:
    await graph.driver.execute_query(
        "MATCH (i:Item {no: $itemNo}) "
        "CREATE (:ItemLedgerEntry {itemNo: $itemNo, quantity: 1, expirationDate: $exp})"
        "-[:OF_ITEM]->(i)",
        itemNo=item_no,
        exp=expiration_date,
        database_=graph.database,
    )
