"""Serial / Lot / Package No. Information cards: a tracking number's node is also its card.

    (:SerialNo {itemNo, variantCode, serialNo, ...})-[:OF_ITEM]->(:Item)   if the item exists
    (:Lot {itemNo, variantCode, lotNo, ...})-[:OF_ITEM]->(:Item)           if the item exists
    (:Package {packageNo, ...})                                            a physical container
    (card)-[:HAS_AUDIT_RECORD]->(:AuditRecord {sequence, at, user, action, reason, changes})

A serial or lot card is answered with what its number holds now (`CardStock`), a package card
with what the package holds per item (`PackageStock`), read apart.

Variant code is "" when none. Postings may create a number's node without a card; the card
exists once `cardCreatedAt` is set. `changes` is JSON: `{"field": {"old": ..., "new": ...}}`.

Every action runs in one transaction: lock the node, let the domain rules decide, then write the
card and append its one audit record in one statement. Nothing here edits or deletes an audit
record.
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from service.domain.info_cards import (
    LOT,
    PACKAGE,
    SERIAL_NO,
    AuditEntry,
    AuditRecord,
    BlockRequest,
    ByUser,
    CardKey,
    CardKind,
    CardStock,
    CardWrite,
    InfoCard,
    PackageStock,
    already_exists,
    card_from_values,
    card_not_found,
    existing_card,
    key_of,
    plan_block,
    plan_create,
    plan_unblock,
    plan_update,
)
from service.graph.cypher import cypher
from service.graph.props import from_props, to_props
from service.graph.store import Graph, Reader, actor, refuse_duplicates, rows, single


@dataclass(frozen=True)
class _Queries:
    merge: str
    lock: str
    get: str
    list: str


_QUERIES: dict[str, _Queries] = {
    SERIAL_NO.name: _Queries(
        "info_cards/merge_serial_no",
        "info_cards/lock_serial_no",
        "info_cards/get_serial_no",
        "info_cards/list_serial_nos",
    ),
    LOT.name: _Queries(
        "info_cards/merge_lot",
        "info_cards/lock_lot",
        "info_cards/get_lot",
        "info_cards/list_lots",
    ),
    PACKAGE.name: _Queries(
        "info_cards/merge_package",
        "info_cards/lock_package",
        "info_cards/get_package",
        "info_cards/list_packages",
    ),
}


def _key_params(key: CardKey) -> dict[str, str]:
    """A package's queries use only `no`."""
    return {"itemNo": key.item_no, "variantCode": key.variant_code, "no": key.no}


def _audit_props(audit: AuditEntry) -> dict[str, Any]:
    changes = {name: change.model_dump() for name, change in audit.changes.items()}
    return to_props({**audit.model_dump(exclude={"changes"}), "changes": json.dumps(changes)})


def _audit_record(props: dict[str, Any]) -> AuditRecord:
    values = from_props(props)
    return AuditRecord.model_validate({**values, "changes": json.loads(values["changes"])})


async def _card(tx: Reader, kind: CardKind, key: CardKey, query: str) -> tuple[str, InfoCard]:
    """The node's id and its card (locked when `query` is the kind's lock); 404 without one."""
    row = await single(tx, cypher(query), _key_params(key))
    if row is None:
        raise card_not_found(kind, key)
    return row["id"], existing_card(kind, key, from_props(row["card"]))


async def _with_stock(
    tx: Reader, kind: CardKind, found: list[tuple[str, dict[str, Any]]]
) -> list[InfoCard]:
    """The cards of the nodes `found` (id, stored values), serial and lot cards with what their
    numbers hold today."""
    today = dt.date.today()  # as on-hand's default
    params = {"ids": [node_id for node_id, _ in found], "today": today}
    if issubclass(kind.card, PackageStock) and found:
        held = {r["id"]: r["items"] for r in await rows(
            tx, cypher("info_cards/get_package_stock"), params)}  # fmt: skip
        return [
            card_from_values(kind, {**values, "inventory": [from_props(i) for i in held[node_id]]})
            for node_id, values in found
        ]
    if not issubclass(kind.card, CardStock) or not found:
        return [card_from_values(kind, values) for _, values in found]
    stock = {r["id"]: r for r in await rows(tx, cypher("info_cards/get_stock"), params)}
    return [
        card_from_values(kind, {**values, "inventory": stock[node_id]["inventory"],
                                "expired_inventory": stock[node_id]["expiredInventory"]})
        for node_id, values in found
    ]  # fmt: skip


async def _save(
    tx: AsyncManagedTransaction, kind: CardKind, node_id: str, write: CardWrite
) -> InfoCard:
    params = {"id": node_id, "values": to_props(write.values), "audit": _audit_props(write.audit)}
    row = await single(tx, cypher("info_cards/save_info_card"), {**params, **actor()})
    assert row is not None
    [card] = await _with_stock(tx, kind, [(node_id, from_props(row["card"]))])
    return card


async def _create(tx: AsyncManagedTransaction, kind: CardKind, request: ByUser) -> InfoCard:
    row = await single(tx, cypher(_QUERIES[kind.name].merge), _key_params(key_of(kind, request)))
    assert row is not None
    write = plan_create(kind, request, stored=from_props(row["card"]))
    return await _save(tx, kind, row["id"], write)


async def _change(
    tx: AsyncManagedTransaction,
    kind: CardKind,
    key: CardKey,
    plan: Callable[[InfoCard], CardWrite],
) -> InfoCard:
    node_id, card = await _card(tx, kind, key, _QUERIES[kind.name].lock)
    return await _save(tx, kind, node_id, plan(card))


async def _get(tx: Reader, kind: CardKind, key: CardKey) -> InfoCard:
    node_id, card = await _card(tx, kind, key, _QUERIES[kind.name].get)
    [stocked] = await _with_stock(tx, kind, [(node_id, card.model_dump())])
    return stocked


async def _list(
    tx: Reader,
    kind: CardKind,
    item_no: str | None,
    blocked: bool | None,
    limit: int,
    offset: int,
) -> list[InfoCard]:
    params = {"itemNo": item_no, "blocked": blocked, "limit": limit, "offset": offset}
    found = await rows(tx, cypher(_QUERIES[kind.name].list), params)
    return await _with_stock(tx, kind, [(row["id"], from_props(row["card"])) for row in found])


async def _audit(
    tx: Reader, kind: CardKind, key: CardKey, limit: int, offset: int
) -> list[AuditRecord]:
    node_id, _ = await _card(tx, kind, key, _QUERIES[kind.name].get)
    params = {"id": node_id, "limit": limit, "offset": offset}
    found = await rows(tx, cypher("info_cards/list_audit_records"), params)
    return [_audit_record(row["record"]) for row in found]


async def create_card(graph: Graph, *, kind: CardKind, request: ByUser) -> InfoCard:
    with refuse_duplicates(already_exists(kind, key_of(kind, request)).message):
        return await graph.write(_create, kind, request)


async def get_card(graph: Graph, *, kind: CardKind, key: CardKey) -> InfoCard:
    return await graph.read(_get, kind, key)


async def update_card(graph: Graph, *, kind: CardKind, key: CardKey, changes: ByUser) -> InfoCard:
    return await graph.write(_change, kind, key, lambda card: plan_update(card, changes))


async def block_card(
    graph: Graph, *, kind: CardKind, key: CardKey, request: BlockRequest
) -> InfoCard:
    return await graph.write(_change, kind, key, lambda card: plan_block(kind, card, request))


async def unblock_card(
    graph: Graph, *, kind: CardKind, key: CardKey, request: BlockRequest
) -> InfoCard:
    return await graph.write(_change, kind, key, lambda card: plan_unblock(kind, card, request))


async def list_cards(
    graph: Graph,
    *,
    kind: CardKind,
    item_no: str | None,
    blocked: bool | None,
    limit: int,
    offset: int,
) -> list[InfoCard]:
    return await graph.read(_list, kind, item_no, blocked, limit, offset)


async def list_audit_records(
    graph: Graph, *, kind: CardKind, key: CardKey, limit: int, offset: int
) -> list[AuditRecord]:
    """A card's audit trail, newest first."""
    return await graph.read(_audit, kind, key, limit, offset)
