"""Containment over time, from the pack / unpack bodies and the postings (issue 31's package
model, which Business Central leaves to the Package No. on entries):

- a package holds only stock on hand at its own location;
- anything that leaves the location by itself (shipped, transferred, consumed, written off)
  leaves the package at that moment, and a lot packed whole shrinks with what leaves;
- moving or shipping a package moves all it holds at any depth, and a package moved by itself
  leaves the package it was in;
- contents now, and which numbers a package ever held, during which steps.

Time is the chain's step counter (`Ledger.step`): one per posting, pack or unpack.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tests.oracle.bc_posting import Ledger

Node = tuple[str, str, str]  # ("package", no, "") | ("serial", item, serial) | ("lot", item, lot)


def node_of(content: dict[str, Any]) -> Node:
    kind = content["kind"]
    if kind == "package":
        return ("package", content["package_no"], "")
    return (kind, content["item_no"], content[f"{kind}_no"])


@dataclass
class Interval:
    node: Node
    start: int
    end: int | None = None  # still inside


@dataclass
class Packages:
    parent: dict[Node, str] = field(default_factory=dict)
    quantity: dict[Node, float] = field(default_factory=dict)  # lot / serial -> packed quantity
    location: dict[str, str] = field(default_factory=dict)  # package -> where it stands
    shipped: set[str] = field(default_factory=set)
    history: dict[str, list[Interval]] = field(default_factory=lambda: defaultdict(list))

    def _children(self, package: str) -> list[Node]:
        return sorted(n for n, p in self.parent.items() if p == package)

    def _put(self, node: Node, package: str, step: int) -> None:
        self.parent[node] = package
        self.history[package].append(Interval(node, step))

    def _take(self, node: Node, step: int) -> None:
        package = self.parent.pop(node)
        for i in self.history[package]:
            if i.node == node and i.end is None:
                i.end = step
        self.quantity.pop(node, None)

    def pack(self, package: str, location: str, contents: list[dict[str, Any]], step: int) -> None:
        self.location.setdefault(package, location)
        for c in contents:
            node = node_of(c)
            if node in self.parent:
                self._take(node, step)
            if node[0] != "package":
                self.quantity[node] = float(c.get("quantity", 1))
            self._put(node, package, step)

    def unpack(self, package: str, contents: list[dict[str, Any]], step: int) -> None:
        for c in contents:
            node = node_of(c)
            if self.parent.get(node) == package:
                self._take(node, step)

    def leaves(self, package: str) -> dict[Node, float]:
        """What the package holds now, at any depth: lot and serial -> quantity."""
        out: dict[Node, float] = {}
        for child in self._children(package):
            if child[0] == "package":
                out.update(self.leaves(child[1]))
            else:
                out[child] = self.quantity[child]
        return out

    def move_lines(self, package: str, new_location: str | None) -> list[dict[str, Any]]:
        """The lines a document moving `package` whole posts (every lot and serial inside);
        the package leaves the package it was in."""
        location = self.location[package]
        lines = []
        for (kind, item, no), qty in sorted(self.leaves(package).items()):
            line: dict[str, Any] = {
                "item_no": item,
                "location_code": location,
                "quantity": qty,
                "tracking": [{f"{kind}_no": no, "quantity": qty}],
            }
            if new_location:
                line["new_location_code"] = new_location
            lines.append(line)
        return lines

    def moved(self, package: str, new_location: str | None, step: int) -> None:
        """After posting a document that moved (or, `None`, shipped) `package` whole."""
        node = ("package", package, "")
        if node in self.parent:
            self._take(node, step)
        for p in [package, *self.nested(package)]:
            if new_location is None:
                self.shipped.add(p)
                self.location.pop(p, None)
            else:
                self.location[p] = new_location

    def nested(self, package: str) -> list[str]:
        out = []
        for child in self._children(package):
            if child[0] == "package":
                out += [child[1], *self.nested(child[1])]
        return out

    def top(self, package: str) -> str:
        while ("package", package, "") in self.parent:
            package = self.parent[("package", package, "")]
        return package

    def sync(self, ledger: Ledger, step: int) -> None:
        """What left a package's location by itself left the package."""
        for node, package in sorted(self.parent.items()):
            if node[0] == "package":
                continue
            location = self.location.get(self.top(package))
            kind, item, no = node
            field_no = 1 if kind == "serial" else 2  # Entry.number: item, serial, lot
            here = sum(
                e.remaining
                for e in ledger.entries
                if e.positive
                and e.item_no == item
                and e.number[field_no] == no
                and e.location_code == location
            )
            if here <= 1e-9:
                self._take(node, step)
            elif here < self.quantity[node]:
                self.quantity[node] = here

    def ever_held(self, package: str, start: int = 0, end: int | None = None) -> set[Node]:
        """Every lot and serial the package held at some step in [start, end), at any depth."""
        out: set[Node] = set()
        for i in self.history.get(package, []):
            lo = max(start, i.start)
            hi = i.end if end is None else (end if i.end is None else min(end, i.end))
            if hi is not None and lo >= hi:
                continue
            if i.node[0] == "package":
                out |= self.ever_held(i.node[1], lo, hi)
            else:
                out.add(i.node)
        return out
