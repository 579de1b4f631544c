"""What a posting does to what packages hold: the one package model's rules for postings.

A package holds what its containment edges say (`IN_PACKAGE`, each with a quantity and the
location the package holds it at); the package number stamped on ledger entries (Business
Central's Package No. dimension) is how a posting says which package stock comes from or goes
into. After the posting's entries are written, for the lots and serial numbers its own lines
moved (not those inside a whole package it moved, which go along with the package):

1. An outbound entry stamped with a package the number is in there takes its quantity out of
   that package (a serial number leaves it).
2. A package never holds more of a number at a location than is on hand there: what is left
   over after 1 (stock that left unstamped: shipped, transferred, consumed, written off,
   returned to the vendor) is taken out of the packages holding it there, last packed first.
   A package that left the inventory whole (shipped) holds its contents at no location; what
   comes back of them on the posting's own lines (a return naming its sale, any serial number)
   leaves it.
3. An inbound entry stamped with a package puts its quantity into that package at the entry's
   location (a serial number leaves any other package it was in), unless the package holds
   stock at another location: a package is at one location, and the number stays loose there.

The result names the edges to close and the edges to open; an edge whose quantity changes is
closed and opened again with the new quantity, so the history shows both.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

NumberKind = Literal["serial", "lot"]
Number = tuple[NumberKind, str, str, str]  # kind, item, variant, number
EPSILON = 1e-9


@dataclass(frozen=True)
class HeldEdge:
    """A current containment edge of a lot or serial number."""

    edge_id: str
    number: Number
    package_no: str
    location_code: str | None
    quantity: float
    packed_at: datetime


@dataclass(frozen=True)
class PostedEntry:
    """An entry the posting wrote on one of its own lines: quantity signed; `returned` when it
    brings back stock that left (a return naming its sale; any inbound serial number)."""

    number: Number
    location_code: str
    quantity: float
    package_no: str
    returned: bool = False


@dataclass(frozen=True)
class OpenEdge:
    number: Number
    package_no: str
    location_code: str | None
    quantity: float


@dataclass(frozen=True)
class HeldChanges:
    close: list[str]
    open: list[OpenEdge]


def follow_entries(
    edges: Sequence[HeldEdge],
    on_hand: dict[tuple[Number, str], float],
    posted: Sequence[PostedEntry],
    package_locations: dict[str, str | None],
) -> HeldChanges:
    """The containment changes the posted entries make (rules 1-3 above). `on_hand` is what of
    each number is on hand at each location after the posting; `package_locations` where each
    package stamped on an inbound entry is now (None: empty or nowhere)."""
    kept = {e.edge_id: e.quantity for e in edges}
    by_id = {e.edge_id: e for e in edges}
    for entry in posted:  # rule 1
        if entry.quantity < 0 and entry.package_no:
            _take(kept, _holding(edges, entry.number, entry.package_no, entry.location_code),
                  -entry.quantity)  # fmt: skip
    for (number, location), held in _by_place(edges).items():  # rule 2
        if location is None:
            back = sum(e.quantity for e in posted
                       if e.number == number and e.quantity > 0 and e.returned)  # fmt: skip
            _take(kept, held, back)
            continue
        over = sum(kept[e.edge_id] for e in held) - on_hand.get((number, location), 0.0)
        _take(kept, held, over)
    close = [i for i, q in kept.items() if q < by_id[i].quantity - EPSILON]
    opened = [
        OpenEdge(by_id[i].number, by_id[i].package_no, by_id[i].location_code, kept[i])
        for i in close
        if kept[i] > EPSILON
    ]
    closing = set(close)
    for entry in posted:  # rule 3
        if entry.quantity <= 0 or not entry.package_no:
            continue
        where = package_locations.get(entry.package_no)
        if where is not None and where != entry.location_code:
            continue
        current = [
            e for e in edges
            if e.number == entry.number and e.edge_id not in closing
        ]  # fmt: skip
        if entry.number[0] == "serial":
            if any(e.package_no == entry.package_no for e in current):
                continue
            closing.update(e.edge_id for e in current)
            close.extend(e.edge_id for e in current)
            opened = [o for o in opened if o.number != entry.number]
            opened.append(OpenEdge(entry.number, entry.package_no, entry.location_code, 1))
            continue
        same = [e for e in current if e.package_no == entry.package_no
                and e.location_code == entry.location_code]  # fmt: skip
        quantity = entry.quantity + sum(e.quantity for e in same)
        reopened = [o for o in opened if o.number == entry.number
                    and o.package_no == entry.package_no]  # fmt: skip
        quantity += sum(o.quantity for o in reopened)
        opened = [o for o in opened if o not in reopened]
        close.extend(e.edge_id for e in same)
        closing.update(e.edge_id for e in same)
        opened.append(OpenEdge(entry.number, entry.package_no, entry.location_code, quantity))
    return HeldChanges(close=sorted(set(close)), open=opened)


def _holding(
    edges: Iterable[HeldEdge], number: Number, package_no: str, location: str
) -> list[HeldEdge]:
    return [
        e for e in edges
        if e.number == number and e.package_no == package_no and e.location_code == location
    ]  # fmt: skip


def _by_place(edges: Iterable[HeldEdge]) -> dict[tuple[Number, str | None], list[HeldEdge]]:
    places: dict[tuple[Number, str | None], list[HeldEdge]] = {}
    for edge in edges:
        places.setdefault((edge.number, edge.location_code), []).append(edge)
    return places


def _take(kept: dict[str, float], held: Sequence[HeldEdge], amount: float) -> None:
    """Take `amount` out of the edges `held`, last packed first."""
    for edge in sorted(held, key=lambda e: e.packed_at, reverse=True):
        if amount <= EPSILON:
            return
        taken = min(kept[edge.edge_id], amount)
        kept[edge.edge_id] -= taken
        amount -= taken
