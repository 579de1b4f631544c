"""Where a serial, lot or package is now: its containment chain, its stock on hand and its
sales shipments, three statements of one read (each committed on its own: Neo4j reads committed
data, so one transaction around them would not hold them to one snapshot either)."""

import datetime as dt

from service.domain.containment import Ref
from service.domain.recalls import return_of, returned, shipment_of
from service.domain.where_is import WhereIs
from service.graph.containment import chain_in_transaction
from service.graph.ledger_entries import EntryFilter, entries_in_transaction
from service.graph.on_hand import on_hand_in_transaction
from service.graph.store import Graph, Reader

STOCK_LIMIT = 1000
SHIPMENT_LIMIT = 500


async def _where_is(tx: Reader, of: Ref, where: EntryFilter, as_of: dt.date) -> WhereIs:
    chain = await chain_in_transaction(tx, of)
    stock = await on_hand_in_transaction(tx, where, as_of, STOCK_LIMIT)
    # Only the number's Sale entries are read: a limit over all its entries would drop the
    # shipments of a lot with hundreds of receipts, moves and consumptions before them.
    sales = where.model_copy(update={"entry_type": "Sale"})
    entries = await entries_in_transaction(tx, sales, SHIPMENT_LIMIT, 0)
    shipments = {e.entry_no: shipment_of(e) for e in entries if e.quantity < 0}
    returned(shipments, {e.entry_no: return_of(e) for e in entries if e.quantity > 0})
    shipped_to = [shipments[no] for no in sorted(shipments)]
    return WhereIs(of=of, chain=chain.chain, on_hand=stock.rows, shipped_to=shipped_to)


async def get_where_is(graph: Graph, *, of: Ref, where: EntryFilter, as_of: dt.date) -> WhereIs:
    """`of` now, its entries being those of `where`."""
    return await graph.read(_where_is, of, where, as_of)
