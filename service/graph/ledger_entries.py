"""Reading item ledger entries back: by number, document or item."""

from typing import Any

from pydantic import BaseModel

from service.domain.postings import EntryType, LedgerEntry
from service.graph.cypher import cypher
from service.graph.props import from_props
from service.graph.store import Graph, Reader, rows


class EntryFilter(BaseModel):
    item_no: str | None = None
    variant_code: str | None = None
    serial_no: str | None = None
    lot_no: str | None = None
    package_no: str | None = None
    document_no: str | None = None
    location_code: str | None = None
    bin_code: str | None = None
    open: bool | None = None
    entry_type: EntryType | None = None

    def params(self) -> dict[str, Any]:
        return {
            "itemNo": self.item_no,
            "variantCode": self.variant_code,
            "serialNo": self.serial_no,
            "lotNo": self.lot_no,
            "packageNo": self.package_no,
            "documentNo": self.document_no,
            "locationCode": self.location_code,
            "binCode": self.bin_code,
            "open": self.open,
            "entryType": self.entry_type,
        }


def _entry(row: dict[str, Any]) -> LedgerEntry:
    values = {k: v for k, v in from_props(row["entry"]).items() if k in LedgerEntry.model_fields}
    values["applied_to"] = [from_props(a) for a in row["appliedTo"]]
    values["applied_from"] = next((from_props(a) for a in row["appliedFrom"]), None)
    return LedgerEntry.model_validate(values)


async def entries_in_transaction(
    tx: Reader, where: EntryFilter, limit: int, offset: int
) -> list[LedgerEntry]:
    """The entries of `where`, `limit` of them from `offset`."""
    params = {**where.params(), "limit": limit, "offset": offset}
    return [_entry(r) for r in await rows(tx, cypher("ledger_entries/list_ledger_entries"), params)]


async def list_ledger_entries(
    graph: Graph, *, where: EntryFilter, limit: int, offset: int
) -> list[LedgerEntry]:
    return await graph.read(entries_in_transaction, where, limit, offset)
