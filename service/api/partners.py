"""`/v1/customers` and `/v1/vendors`."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from service.api.deps import GraphDep
from service.api.paging import Page, PagingDep
from service.domain.master_data import Partner, PartnerUpdate
from service.graph import partners
from service.graph.partners import PartnerKind

SearchQuery = Annotated[str | None, Query(description="Part of the number or name")]


def _router(kind: PartnerKind, prefix: str) -> APIRouter:
    router = APIRouter(prefix=prefix, tags=[f"{kind}s"])

    @router.post("", status_code=status.HTTP_201_CREATED, name=f"create_{kind}")
    async def create(graph: GraphDep, partner: Partner) -> Partner:
        return await partners.create_partner(graph, kind=kind, partner=partner)

    @router.get("", name=f"list_{kind}s")
    async def list_(
        graph: GraphDep, paging: PagingDep, search: SearchQuery = None
    ) -> Page[Partner]:
        found = await partners.list_partners(
            graph, kind=kind, search=search, limit=paging.limit, offset=paging.offset
        )
        return Page(items=found, next_offset=paging.next_offset(len(found)))

    @router.get("/{no}", name=f"get_{kind}")
    async def get(graph: GraphDep, no: str) -> Partner:
        return await partners.get_partner(graph, kind=kind, no=no.upper())

    @router.patch("/{no}", name=f"update_{kind}")
    async def update(graph: GraphDep, no: str, changes: PartnerUpdate) -> Partner:
        return await partners.update_partner(graph, kind=kind, no=no.upper(), changes=changes)

    return router


customers = _router("customer", "/v1/customers")
vendors = _router("vendor", "/v1/vendors")
