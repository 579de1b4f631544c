"""`GET /v1/ledger-entries` and `GET /v1/on-hand`."""

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from service.api.deps import GraphDep
from service.api.paging import Page, PagingDep
from service.domain.on_hand import OnHand
from service.domain.postings import EntryType, LedgerEntry
from service.errors import InvalidInput
from service.graph import ledger_entries, on_hand
from service.graph.ledger_entries import EntryFilter

router = APIRouter(prefix="/v1", tags=["ledger"])
Text = Annotated[str | None, Query(max_length=50)]


async def _filter(
    item_no: Text = None,
    variant_code: Text = None,
    serial_no: Text = None,
    lot_no: Text = None,
    package_no: Text = None,
    document_no: Text = None,
    location_code: Text = None,
    bin_code: Text = None,
    open: Annotated[bool | None, Query(description="Only open (or only closed) entries")] = None,
    entry_type: Annotated[
        EntryType | None, Query(description="Only entries of this type, e.g. `Sale`")
    ] = None,
) -> EntryFilter:
    upper = {"item_no": item_no, "variant_code": variant_code, "location_code": location_code,
             "bin_code": bin_code, "document_no": document_no}  # fmt: skip
    return EntryFilter(
        **{k: v.upper() if v else v for k, v in upper.items()},
        serial_no=serial_no,
        lot_no=lot_no,
        package_no=package_no,
        open=open,
        entry_type=entry_type,
    )


FilterDep = Annotated[EntryFilter, Depends(_filter)]


@router.get("/ledger-entries")
async def list_ledger_entries(
    graph: GraphDep, where: FilterDep, paging: PagingDep
) -> Page[LedgerEntry]:
    """Entries of an item, a serial, lot or package number, or a document, oldest first."""
    if not any((where.item_no, where.serial_no, where.lot_no, where.package_no, where.document_no)):
        raise InvalidInput(
            "Name an item_no, serial_no, lot_no, package_no or document_no.", field="item_no"
        )
    found = await ledger_entries.list_ledger_entries(
        graph, where=where, limit=paging.limit, offset=paging.offset
    )
    return Page(items=found, next_offset=paging.next_offset(len(found)))


@router.get("/on-hand")
async def get_on_hand(
    graph: GraphDep,
    where: FilterDep,
    as_of: Annotated[dt.date | None, Query(description="Expired means before this date")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> OnHand:
    """Open stock by item, variant, location, bin, serial, lot and package (a package counts
    what is packed in it at any depth), with expired and blocked quantities apart."""
    if not any((where.item_no, where.serial_no, where.lot_no, where.package_no,
                where.location_code)):  # fmt: skip
        raise InvalidInput(
            "Name an item_no, serial_no, lot_no, package_no or location_code.", field="item_no"
        )
    return await on_hand.get_on_hand(
        graph, where=where, as_of=as_of or dt.date.today(), limit=limit
    )
