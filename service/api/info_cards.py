"""`/v1/serial-nos`, `/v1/lots` and `/v1/packages`: information cards and their audit trail.

A card is addressed by item and number (`/v1/lots/{item_no}/{lot_no}?variant_code=RED`) or, for
a package, by its number alone. A number containing `/` goes URL-encoded (`SN%2F7`); the number
is the rest of the path, so one ending in `/audit` can be read only through the list.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status

from service.api.deps import GraphDep
from service.api.paging import Page, PagingDep
from service.domain.info_cards import (
    LOT,
    PACKAGE,
    SERIAL_NO,
    AuditRecord,
    BlockRequest,
    CardKey,
    CardKind,
    InfoCard,
)
from service.graph import info_cards

VariantQuery = Annotated[str, Query(description="The item variant; blank when none")]
ItemNoQuery = Annotated[str | None, Query(description="Cards of this item")]
BlockedQuery = Annotated[bool | None, Query(description="Only blocked (true) or unblocked cards")]
ERRORS: dict[int | str, dict[str, Any]] = {
    409: {"description": "The card already exists, or is already (not) blocked"},
}


async def _serial_no_key(item_no: str, serial_no: str, variant_code: VariantQuery = "") -> CardKey:
    return CardKey(serial_no.strip(), item_no.strip().upper(), variant_code.strip().upper())


async def _lot_key(item_no: str, lot_no: str, variant_code: VariantQuery = "") -> CardKey:
    return CardKey(lot_no.strip(), item_no.strip().upper(), variant_code.strip().upper())


async def _package_key(package_no: str) -> CardKey:
    return CardKey(package_no.strip())


@dataclass(frozen=True)
class _Filters:
    item_no: str | None = None
    blocked: bool | None = None


async def _item_filters(item_no: ItemNoQuery = None, blocked: BlockedQuery = None) -> _Filters:
    return _Filters(item_no.strip().upper() if item_no else None, blocked)


async def _package_filters(blocked: BlockedQuery = None) -> _Filters:
    return _Filters(blocked=blocked)


def _router(
    kind: CardKind,
    prefix: str,
    card_path: str,
    key: Callable[..., Awaitable[CardKey]],
    filters: Callable[..., Awaitable[_Filters]],
) -> APIRouter:
    router = APIRouter(prefix=prefix, tags=[kind.caption])
    name = kind.number_field
    # FastAPI reads body and response models from annotations; each kind has its own models.
    Create, Update, Card = kind.create, kind.update, kind.card
    KeyDep = Annotated[CardKey, Depends(key)]

    @router.post(
        "", status_code=status.HTTP_201_CREATED, response_model=Card, responses=ERRORS,
        name=f"create_{name}_info",
    )  # fmt: skip
    async def create(graph: GraphDep, request: Create) -> InfoCard:  # type: ignore[valid-type]
        """Create the card (the number may already be known from postings). Not blocked."""
        return await info_cards.create_card(graph, kind=kind, request=request)

    @router.get("", response_model=Page[Card], name=f"list_{name}_infos")  # type: ignore[valid-type]
    async def list_(
        graph: GraphDep, paging: PagingDep, where: Annotated[_Filters, Depends(filters)]
    ) -> Page[InfoCard]:
        found = await info_cards.list_cards(
            graph, kind=kind, item_no=where.item_no, blocked=where.blocked,
            limit=paging.limit, offset=paging.offset,
        )  # fmt: skip
        return Page(items=found, next_offset=paging.next_offset(len(found)))

    @router.post(
        f"{card_path}/block", response_model=Card, responses=ERRORS, name=f"block_{name}_info"
    )
    async def block(graph: GraphDep, card_key: KeyDep, request: BlockRequest) -> InfoCard:
        """Block the number from being posted; the reason goes to the audit trail."""
        return await info_cards.block_card(graph, kind=kind, key=card_key, request=request)

    @router.post(
        f"{card_path}/unblock", response_model=Card, responses=ERRORS,
        name=f"unblock_{name}_info",
    )  # fmt: skip
    async def unblock(graph: GraphDep, card_key: KeyDep, request: BlockRequest) -> InfoCard:
        return await info_cards.unblock_card(graph, kind=kind, key=card_key, request=request)

    @router.get(f"{card_path}/audit", name=f"list_{name}_audit_records")
    async def audit(graph: GraphDep, card_key: KeyDep, paging: PagingDep) -> Page[AuditRecord]:
        """Who did what to the card, when and why: newest first, never rewritten."""
        found = await info_cards.list_audit_records(
            graph, kind=kind, key=card_key, limit=paging.limit, offset=paging.offset
        )
        return Page(items=found, next_offset=paging.next_offset(len(found)))

    @router.get(card_path, response_model=Card, name=f"get_{name}_info")
    async def get(graph: GraphDep, card_key: KeyDep) -> InfoCard:
        return await info_cards.get_card(graph, kind=kind, key=card_key)

    @router.patch(card_path, response_model=Card, name=f"update_{name}_info")
    async def update(graph: GraphDep, card_key: KeyDep, changes: Update) -> InfoCard:  # type: ignore[valid-type]
        """Change the fields named in the body; `blocked` changes only by block and unblock."""
        return await info_cards.update_card(graph, kind=kind, key=card_key, changes=changes)

    return router


# The paths after the number (`/block`, `/audit`) come first, so they win over a number that
# reaches into the rest of the path.
serial_nos = _router(
    SERIAL_NO, "/v1/serial-nos", "/{item_no}/{serial_no:path}", _serial_no_key, _item_filters
)
lots = _router(LOT, "/v1/lots", "/{item_no}/{lot_no:path}", _lot_key, _item_filters)
packages = _router(PACKAGE, "/v1/packages", "/{package_no:path}", _package_key, _package_filters)
