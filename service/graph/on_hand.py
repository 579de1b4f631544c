"""On hand: open entries summed per item, place and numbers, expired and blocked apart."""

import datetime as dt

from service.domain.on_hand import OnHand, OnHandRow, totals
from service.graph.cypher import cypher
from service.graph.ledger_entries import EntryFilter
from service.graph.props import from_props
from service.graph.store import Graph, Reader, rows


async def on_hand_in_transaction(
    tx: Reader, where: EntryFilter, as_of: dt.date, limit: int
) -> OnHand:
    """What is on hand of `where` on `as_of`, at most `limit` rows."""
    params = {**where.params(), "asOf": as_of, "limit": limit + 1}
    found = [
        OnHandRow.model_validate(from_props(r))
        for r in await rows(tx, cypher("on_hand/get_on_hand"), params)
    ]
    shown = found[:limit]
    return OnHand(as_of=as_of, rows=shown, totals=totals(shown), truncated=len(found) > limit)


async def get_on_hand(graph: Graph, *, where: EntryFilter, as_of: dt.date, limit: int) -> OnHand:
    return await graph.read(on_hand_in_transaction, where, as_of, limit)
