"""Containment: packages holding lots, serial numbers and other packages.

    (content)-[:IN_PACKAGE {packedAt, packedBy, quantity, unpackedAt, unpackedBy}]->(:Package)
    (:SerialNo)-[:IN_LOT]->(:Lot)

`content` is a Package, Lot or SerialNo; `quantity` is the packed quantity of a lot, 1 otherwise.
An edge is current while `unpackedAt` is null; each content has at most one current edge.
Unpacking sets `unpackedAt`/`unpackedBy` and keeps the edge, so the history stays; packing again
creates a new edge.

Locking: packing locks the package packed into and every package it is inside now (repeating
until the chain read after locking is the chain locked), then each content; unpacking locks the
package, then each named content. Whoever changes a content's current edge holds that content's
lock and the package's, so "one parent at a time" and "no cycles" are decided on what is current
and stay true when the transaction commits. A deadlock between two packings is retried by
`execute_write`.

The transaction-level helpers (`pack`, `unpack`, `unpack_all`, `contents_of`, `chain_of`,
`chain_in_transaction`, `link_serial_to_lot`) take an `AsyncManagedTransaction`, so a posting
(or where-is) can use them inside its own transaction; the `Graph` functions below them serve
the API.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from service.domain.containment import (
    ContainedRow,
    ContainmentChain,
    HistoryEntry,
    LotRef,
    PackageContents,
    PackageRef,
    PackContent,
    Ref,
    SerialRef,
    Stock,
    UnpackContent,
    check_pack,
    check_stock,
    check_unpack,
    contents_tree,
    number_not_found,
    package_not_found,
    quantity_of,
    ref_from_values,
    ref_of,
)
from service.domain.held_stock import HeldEdge, Number, PostedEntry, follow_entries
from service.graph import events
from service.graph.cypher import cypher
from service.graph.props import from_props
from service.graph.store import Graph, Reader, actor, rows, single

_NO_KEY: dict[str, str | None] = {
    "packageNo": None,
    "itemNo": None,
    "variantCode": None,
    "lotNo": None,
    "serialNo": None,
}


def _key_params(ref: Ref) -> dict[str, Any]:
    """Every key parameter, null where this kind of content has none."""
    values = ref.model_dump(exclude={"kind"})
    named = {
        "packageNo": values.get("package_no"),
        "itemNo": values.get("item_no"),
        "variantCode": values.get("variant_code"),
        "lotNo": values.get("lot_no"),
        "serialNo": values.get("serial_no"),
    }
    return {**_NO_KEY, **named, "kind": ref.kind}


def _ref(kind: str, key: dict[str, Any]) -> Ref:
    return ref_from_values(kind, from_props(key))


async def _lock_chain(tx: AsyncManagedTransaction, package_no: str) -> list[str]:
    """Lock the package (creating it if new) and the packages it is inside, nearest first."""
    locked: list[str] | None = None
    while True:
        row = await single(tx, cypher("containment/lock_package_chain"), {"packageNo": package_no})
        assert row is not None
        chain: list[str] = row["chain"]
        if chain == locked:
            return chain
        locked = chain


async def _lock_contents(
    tx: AsyncManagedTransaction, refs: Sequence[Ref]
) -> dict[Ref, tuple[str, list[str]]]:
    """Each named content that exists, locked: its node id and the packages it is in now."""
    params = [{**_key_params(ref), "index": index} for index, ref in enumerate(refs)]
    found = await rows(tx, cypher("containment/lock_contents"), {"contents": params})
    return {refs[row["index"]]: (row["id"], row["parentNos"]) for row in found}


async def pack(
    tx: AsyncManagedTransaction,
    *,
    package_no: str,
    contents: Sequence[PackContent],
    user: str,
    at: datetime,
    location_code: str | None = None,
) -> None:
    """Pack every content into the package, or nothing (raises Conflict, NotFound or
    InvalidInput). The package and any package packed are created if new. What is packed must
    be on hand at the package's location (`check_stock`); `location_code` names it for an
    empty package whose contents are on hand at several."""
    refs = [ref_of(content) for content in contents]
    chain = await _lock_chain(tx, package_no)
    new_packages = [ref.package_no for ref in refs if isinstance(ref, PackageRef)]
    await single(tx, cypher("containment/merge_packages"), {"packageNos": new_packages})
    found = await _lock_contents(tx, refs)
    parents = {ref: parent for ref, (_, parent) in found.items()}
    check_pack(package_no, contents, parents=parents, chain=chain)
    location = check_stock(
        contents,
        stock=await _stock(tx, refs),
        package_location=await package_location(tx, package_no=package_no),
        requested=location_code,
    )
    edges = [
        {"id": found[ref][0], "quantity": quantity_of(content)}
        for ref, content in zip(refs, contents, strict=True)
    ]
    params = {"packageNo": package_no, "contents": edges, "user": user, "at": at,
              "locationCode": location}  # fmt: skip
    await single(tx, cypher("containment/create_containment_edges"), {**params, **actor()})


async def _stock(tx: AsyncManagedTransaction, refs: Sequence[Ref]) -> Stock:
    """Where each content is free to pack, and how much of it (`get_stock_to_pack`)."""
    params = [{**_key_params(ref), "index": index} for index, ref in enumerate(refs)]
    found = await rows(tx, cypher("containment/get_stock_to_pack"), {"contents": params})
    return {
        refs[row["index"]]: {loc: free for loc, free in row["stock"] if loc and free > 0}
        for row in found
    }


async def package_location(tx: Reader, *, package_no: str) -> str | None:
    """Where the package is now (None: empty and in no package, or shipped whole)."""
    row = await single(tx, cypher("containment/get_package_location"), {"packageNo": package_no})
    return None if row is None else row["locationCode"]


async def follow_posting(
    tx: AsyncManagedTransaction,
    *,
    entries: Sequence[PostedEntry],
    moves: Sequence[tuple[str, str | None]],
    user: str,
    at: datetime,
) -> None:
    """Keep containment true after a posting, in its transaction: `moves` are the whole
    packages it moved (package number, and where to: a transfer's destination, None when the
    package left the inventory), whose contents go with them; `entries` are the entries of its
    own lines, which take stock out of packages and put it in (`held_stock.follow_entries`)."""
    if moves:
        params = {
            "moves": [{"packageNo": no, "locationCode": to} for no, to in moves],
            "user": user,
            "at": at,
        }
        await single(tx, cypher("containment/follow_package_moves"), params)
    numbers = sorted({e.number for e in entries})
    if not numbers:
        return
    named = [
        {"index": i, "kind": kind, "itemNo": item_no, "variantCode": variant, "no": no}
        for i, (kind, item_no, variant, no) in enumerate(numbers)
    ]
    found = await rows(tx, cypher("containment/get_held_numbers"), {"numbers": named})
    edges: list[HeldEdge] = []
    on_hand: dict[tuple[Number, str], float] = {}
    for row in found:
        number = numbers[row["index"]]
        edges.extend(
            HeldEdge(
                e["id"],
                number,
                e["packageNo"],
                e["locationCode"],
                e["quantity"],
                from_props(e)["packed_at"],
            )
            for e in row["edges"]
        )
        on_hand.update({(number, loc): qty for loc, qty in row["onHand"]})
    stamped = sorted({e.package_no for e in entries if e.quantity > 0 and e.package_no})
    located = await rows(tx, cypher("containment/get_package_locations"), {"packageNos": stamped})
    places = {r["packageNo"]: r["locationCode"] for r in located}
    changes = follow_entries(edges, on_hand, entries, places)
    if not changes.close and not changes.open:
        return
    opened = [
        {"kind": o.number[0], "itemNo": o.number[1], "variantCode": o.number[2],
         "no": o.number[3], "packageNo": o.package_no, "locationCode": o.location_code,
         "quantity": o.quantity}
        for o in changes.open
    ]  # fmt: skip
    params = {"close": changes.close, "open": opened, "user": user, "at": at}
    await single(tx, cypher("containment/change_held_numbers"), params)


async def _lock_package(tx: AsyncManagedTransaction, package_no: str) -> list[dict[str, Any]]:
    row = await single(tx, cypher("containment/lock_package"), {"packageNo": package_no})
    if row is None:
        raise package_not_found(package_no)
    current: list[dict[str, Any]] = row["contents"]
    return current


async def _close(
    tx: AsyncManagedTransaction, package_no: str, ids: list[str], user: str, at: datetime
) -> None:
    params = {"packageNo": package_no, "ids": ids, "user": user, "at": at}
    await single(tx, cypher("containment/close_containment_edges"), {**params, **actor()})


async def unpack(
    tx: AsyncManagedTransaction,
    *,
    package_no: str,
    contents: Sequence[UnpackContent],
    user: str,
    at: datetime,
) -> None:
    """Take every content out of the package, or none (raises Conflict `not-in-package`, or
    NotFound for an unknown package, lot or serial number)."""
    await _lock_package(tx, package_no)
    refs = [ref_of(content) for content in contents]
    found = await _lock_contents(tx, refs)
    parents = {ref: parent for ref, (_, parent) in found.items()}
    check_unpack(package_no, refs, parents=parents)
    await _close(tx, package_no, [found[ref][0] for ref in refs], user, at)


async def unpack_all(
    tx: AsyncManagedTransaction, *, package_no: str, user: str, at: datetime
) -> list[Ref]:
    """Empty the package one level down (a carton taken out keeps its contents); returns what
    was taken out. The package's lock keeps anyone else from changing what is in it."""
    current = await _lock_package(tx, package_no)
    await _close(tx, package_no, [c["id"] for c in current], user, at)
    return [_ref(c["kind"], c["key"]) for c in current]


async def _content_rows(
    tx: Reader, package_no: str, as_of: datetime | None = None
) -> list[ContainedRow] | None:
    params = {"packageNo": package_no, "asOf": as_of}
    row = await single(tx, cypher("containment/list_package_contents"), params)
    if row is None:
        return None
    found: list[ContainedRow] = []
    for item in row["contents"]:
        values = from_props(item)
        content = _ref(values["kind"], values["key"])
        found.append(
            ContainedRow(
                content=content,
                parent=PackageRef(package_no=values["parent_no"]),
                quantity=values["quantity"],
                packed_at=values["packed_at"],
                packed_by=values["packed_by"],
            )
        )
        if isinstance(content, LotRef):
            found.extend(
                ContainedRow(
                    content=_ref("serial", serial),
                    parent=content,
                    quantity=1,
                    packed_at=None,
                    packed_by=None,
                )
                for serial in values["serials"]
            )
    return found


async def contents_of(tx: Reader, *, package_no: str) -> list[ContainedRow]:
    """Everything in the package now, at any depth, flat: packages, lots (with the quantity
    packed) and serial numbers, each with what holds it. A serial number held by a lot row
    (`parent` is a LotRef) moves with that lot's quantity. Empty for an unknown package."""
    return await _content_rows(tx, package_no) or []


async def chain_of(tx: Reader, *, of: Ref) -> list[PackageRef | LotRef] | None:
    """What holds `of` now, what holds that, ... outermost last; for a serial number packed in
    no package, its lot comes first. None when `of` is no node."""
    row = await single(tx, cypher("containment/get_containment_chain"), _key_params(of))
    if row is None:
        return None
    chain: list[PackageRef | LotRef] = []
    if row["lot"] is not None:
        chain.append(LotRef.model_validate(from_props(row["lot"])))
    return chain + [PackageRef(package_no=no) for no in row["packages"]]


async def link_serial_to_lot(
    tx: AsyncManagedTransaction, *, serial: SerialRef, lot_no: str
) -> None:
    """Record that the serial number belongs to lot `lot_no` of its item and variant (creating
    either node if new)."""
    params = {
        "itemNo": serial.item_no,
        "variantCode": serial.variant_code,
        "serialNo": serial.serial_no,
        "lotNo": lot_no,
    }
    await single(tx, cypher("containment/link_serial_to_lot"), params)


# For the API: one transaction each.


async def _tree(tx: Reader, package_no: str, as_of: datetime | None = None) -> PackageContents:
    found = await _content_rows(tx, package_no, as_of)
    if found is None:
        raise package_not_found(package_no)
    return contents_tree(package_no, found)


async def _pack(
    tx: AsyncManagedTransaction,
    package_no: str,
    contents: Sequence[PackContent],
    user: str,
    at: datetime,
    location_code: str | None,
) -> PackageContents:
    await pack(
        tx, package_no=package_no, contents=contents, user=user, at=at,
        location_code=location_code,
    )  # fmt: skip
    await events.record_packing(tx, package_no=package_no, contents=contents, unpack=False, at=at)
    return await _tree(tx, package_no)


async def _unpack(
    tx: AsyncManagedTransaction,
    package_no: str,
    contents: Sequence[UnpackContent] | None,
    user: str,
    at: datetime,
) -> PackageContents:
    if contents is None:
        taken = await unpack_all(tx, package_no=package_no, user=user, at=at)
    else:
        await unpack(tx, package_no=package_no, contents=contents, user=user, at=at)
        taken = list(contents)
    await events.record_packing(tx, package_no=package_no, contents=taken, unpack=True, at=at)
    return await _tree(tx, package_no)


async def _history(tx: Reader, package_no: str, limit: int, offset: int) -> list[HistoryEntry]:
    params = {"packageNo": package_no, "limit": limit, "offset": offset}
    row = await single(tx, cypher("containment/list_package_history"), params)
    if row is None:
        raise package_not_found(package_no)
    entries: list[HistoryEntry] = []
    for entry in row["history"]:
        values = from_props(entry)
        content = _ref(values.pop("kind"), values.pop("key"))
        entries.append(HistoryEntry.model_validate({**values, "content": content}))
    return entries


async def chain_in_transaction(tx: Reader, of: Ref) -> ContainmentChain:
    """What holds `of` now; 404 when the number is unknown."""
    chain = await chain_of(tx, of=of)
    if chain is None:
        raise number_not_found(of)
    return ContainmentChain(of=of, chain=chain)


async def pack_contents(
    graph: Graph,
    *,
    package_no: str,
    contents: Sequence[PackContent],
    user: str,
    location_code: str | None = None,
) -> PackageContents:
    """Pack now, all or nothing; returns what the package holds afterwards."""
    return await graph.write(_pack, package_no, contents, user, datetime.now(UTC), location_code)


async def unpack_contents(
    graph: Graph, *, package_no: str, contents: Sequence[UnpackContent] | None, user: str
) -> PackageContents:
    """Unpack the named contents now (all or nothing), or everything when `contents` is None."""
    return await graph.write(_unpack, package_no, contents, user, datetime.now(UTC))


async def get_contents(
    graph: Graph, *, package_no: str, as_of: datetime | None = None
) -> PackageContents:
    """What the package holds now, or with `as_of` what it held at that moment."""
    return await graph.read(_tree, package_no, as_of)


async def list_history(
    graph: Graph, *, package_no: str, limit: int, offset: int
) -> list[HistoryEntry]:
    """Every packing into the package, oldest first, with its unpacking if any."""
    return await graph.read(_history, package_no, limit, offset)


async def containment_chain(graph: Graph, *, of: Ref) -> ContainmentChain:
    return await graph.read(chain_in_transaction, of)
