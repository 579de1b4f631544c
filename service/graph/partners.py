"""Customers and vendors: the same shape under two labels, so one module serves both."""

from dataclasses import dataclass
from typing import Literal

from neo4j import AsyncManagedTransaction

from service.domain.master_data import Partner, PartnerUpdate
from service.errors import NotFound
from service.graph.cypher import cypher
from service.graph.props import from_props, to_props
from service.graph.store import Graph, Reader, refuse_duplicates, rows, single

PartnerKind = Literal["customer", "vendor"]


@dataclass(frozen=True)
class _Queries:
    caption: str
    create: str
    get: str
    update: str
    list: str


_QUERIES: dict[PartnerKind, _Queries] = {
    "customer": _Queries(
        "Customer",
        "partners/create_customer",
        "partners/get_customer",
        "partners/update_customer",
        "partners/list_customers",
    ),
    "vendor": _Queries(
        "Vendor",
        "partners/create_vendor",
        "partners/get_vendor",
        "partners/update_vendor",
        "partners/list_vendors",
    ),
}


def _not_found(kind: PartnerKind, no: str) -> NotFound:
    return NotFound(f"{_QUERIES[kind].caption} {no} does not exist.", code=f"{kind}-not-found")


async def _create(tx: AsyncManagedTransaction, kind: PartnerKind, partner: Partner) -> Partner:
    row = await single(
        tx, cypher(_QUERIES[kind].create), {"partner": to_props(partner.model_dump())}
    )
    assert row is not None
    return Partner.model_validate(from_props(row["partner"]))


async def _get(tx: Reader, kind: PartnerKind, no: str) -> Partner:
    row = await single(tx, cypher(_QUERIES[kind].get), {"no": no})
    if row is None:
        raise _not_found(kind, no)
    return Partner.model_validate(from_props(row["partner"]))


async def _update(
    tx: AsyncManagedTransaction, kind: PartnerKind, no: str, changes: PartnerUpdate
) -> Partner:
    props = to_props(changes.model_dump(exclude_unset=True))
    row = await single(tx, cypher(_QUERIES[kind].update), {"no": no, "changes": props})
    if row is None:
        raise _not_found(kind, no)
    return Partner.model_validate(from_props(row["partner"]))


async def _list(
    tx: Reader, kind: PartnerKind, search: str | None, limit: int, offset: int
) -> list[Partner]:
    params = {"search": search, "limit": limit, "offset": offset}
    found = await rows(tx, cypher(_QUERIES[kind].list), params)
    return [Partner.model_validate(from_props(row["partner"])) for row in found]


async def create_partner(graph: Graph, *, kind: PartnerKind, partner: Partner) -> Partner:
    with refuse_duplicates(f"{_QUERIES[kind].caption} {partner.no} already exists."):
        return await graph.write(_create, kind, partner)


async def get_partner(graph: Graph, *, kind: PartnerKind, no: str) -> Partner:
    return await graph.read(_get, kind, no)


async def update_partner(
    graph: Graph, *, kind: PartnerKind, no: str, changes: PartnerUpdate
) -> Partner:
    return await graph.write(_update, kind, no, changes)


async def list_partners(
    graph: Graph, *, kind: PartnerKind, search: str | None, limit: int, offset: int
) -> list[Partner]:
    return await graph.read(_list, kind, search, limit, offset)
