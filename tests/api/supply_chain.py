"""Random supply chains posted through the API, and what they should answer, worked out in pure
Python from the chain's own record of what it posted (never from the graph).

Stock at MAIN always stands in a bin and every line names the bin it takes from, so where stock
goes is decided by the chain, not by the order the service happens to apply in.

A chain has raw lots (one with an expiration date already past) received into bins and cartons,
production over two levels, an assembly into serial-numbered kits, transfers between locations,
shipments to three customers (lines and whole pallets), sales returns, purchase returns, cartons
packed into pallets (and unpacked again), and a blocked lot.
"""

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.api.posting_helpers import lots, post

LEVELS = ["RAW", "MID", "FIN"]
CUSTOMERS = ["C10000", "C20000", "C30000"]
EXPIRED = "2026-06-30"  # before any run of the suite: lots with it count as expired
Number = tuple[str, str, str]  # item no, serial no, lot no ("" where none)
StockKey = tuple[str, str, str, str, str]  # item, serial, lot, location, bin
Node = tuple[str, str]  # ("lot", lot no) or ("package", package no)


class Ledger:
    """What the posting answers say, and a walk over it written without the service's Cypher."""

    def __init__(self) -> None:
        self.entries: dict[int, dict[str, Any]] = {}
        self.taken_by: dict[int, list[int]] = defaultdict(list)  # inbound -> outbound
        self.arrived_from: dict[int, int] = {}  # arrived -> left
        self.order_of: dict[int, str] = {}

    def record(self, kind: str, document_no: str, entries: list[dict[str, Any]]) -> None:
        for e in entries:
            self.entries[e["entry_no"]] = e
            for applied in e["applied_to"]:
                self.taken_by[applied["entry_no"]].append(e["entry_no"])
            if kind in {"production", "assembly"}:
                self.order_of[e["entry_no"]] = document_no
        if kind == "transfer":
            left = [e["entry_no"] for e in entries if e["quantity"] < 0]
            arrived = [e["entry_no"] for e in entries if e["quantity"] > 0]
            self.arrived_from.update(zip(arrived, left, strict=True))

    def _order(self, no: int, entry_types: set[str]) -> list[int]:
        order = self.order_of.get(no)
        return [n for n, o in self.order_of.items()
                if o == order and self.entries[n]["entry_type"] in entry_types]  # fmt: skip

    def _tracked(self, no: int) -> bool:
        e = self.entries[no]
        return bool(e["serial_no"] or e["lot_no"] or e["package_no"])

    def _admitted(self, found: list[int], components: str) -> list[int]:
        return [n for n in found if components == "all" or self._tracked(n)]

    def forward(self, no: int, components: str) -> list[int]:
        """Business Central's NextLevel and FindComponents, origin -> usage: what took from
        the entry and, from a consumption, its order's other consumption (unless `no`) and
        outputs (those with a number, or all for `all`)."""
        e = self.entries[no]
        found = list(self.taken_by[no])
        found += [a for a, left in self.arrived_from.items() if left == no]
        if e["entry_type"] in {"Consumption", "Assembly Consumption"}:
            if components != "no":
                siblings = self._order(no, {"Consumption", "Assembly Consumption"})
                found += self._admitted([s for s in siblings if s != no], components)
            found += self._admitted(self._order(no, {"Output", "Assembly Output"}), components)
        return found

    def backward(self, no: int, components: str) -> list[int]:
        e = self.entries[no]
        found = [a["entry_no"] for a in e["applied_to"]]
        if no in self.arrived_from:
            found.append(self.arrived_from[no])
        if e["entry_type"] in {"Output", "Assembly Output"} and components != "no":
            found += self._admitted(
                self._order(no, {"Consumption", "Assembly Consumption"}), components
            )
        return found

    def walk(self, lot: str, method: str, components: str) -> set[int]:
        """Each entry reached once; an entry without a number is shown and not followed
        (Business Central's ExitLevel)."""
        start = {
            n for n, e in self.entries.items()
            if e["lot_no"] == lot and (method == "usage-to-origin"
                                       or (e["quantity"] > 0 and e["entry_type"] != "Consumption"))
        }  # fmt: skip
        seen, frontier = set(start), list(start)
        while frontier:
            nxt = []
            for n in frontier:
                if not self._tracked(n):
                    continue
                step = (
                    self.forward(n, components)
                    if method == "origin-to-usage"
                    else self.backward(n, components)
                )
                for m in step:
                    if m not in seen:
                        seen.add(m)
                        nxt.append(m)
            frontier = nxt
        return seen


@dataclass
class Chain:
    """The chain's own record: documents posted, stock, genealogy, packages, blocks."""

    ledger: Ledger = field(default_factory=Ledger)
    made: list[str] = field(default_factory=list)  # lots, in the order they were made
    stock: dict[StockKey, float] = field(default_factory=lambda: defaultdict(float))
    shipments: list[dict[str, Any]] = field(default_factory=list)
    returns: list[dict[str, Any]] = field(default_factory=list)
    orders: dict[str, tuple[set[Number], set[Number]]] = field(default_factory=dict)
    numbers_of_lot: dict[str, set[Number]] = field(default_factory=lambda: defaultdict(set))
    parent: dict[Node, str] = field(default_factory=dict)  # packed now: node -> package
    ever_in: dict[str, set[Node]] = field(default_factory=lambda: defaultdict(set))
    packed_qty: dict[str, float] = field(default_factory=dict)  # lot -> quantity packed
    # Every packing as [node, package, from, to] on the chain's own clock (to: None while packed).
    held: list[list[Any]] = field(default_factory=list)
    clock: int = 0
    shipped_packages: set[str] = field(default_factory=set)
    expiring: set[str] = field(default_factory=set)  # lots with a past expiration date
    blocked: set[str] = field(default_factory=set)  # lots
    kinds: set[str] = field(default_factory=set)  # document kinds and steps done

    def on_hand(self, item: str, serial: str, lot: str, location: str) -> float:
        return sum(q for (i, s, lo, loc, _), q in self.stock.items()
                   if (i, s, lo, loc) == (item, serial, lot, location))  # fmt: skip

    def lots_in(self, package: str) -> list[str]:
        """Lots in the package now, at any depth."""
        inside = [n for n, p in self.parent.items() if p == package]
        found = [n[1] for n in inside if n[0] == "lot"]
        for n in inside:
            if n[0] == "package":
                found += self.lots_in(n[1])
        return found

    def packages_of(self, lot: str) -> list[str]:
        """The packages holding a lot now, innermost first."""
        chain, node = [], ("lot", lot)
        while node in self.parent:
            chain.append(self.parent[node])
            node = ("package", self.parent[node])
        return chain

    def lots_ever_in(self, package: str, since: int = -1, until: float = math.inf) -> set[str]:
        """The lots the package held at any depth, each level for a time that overlaps the
        time the level above held it (the one package model: docs/packages.md)."""
        found: set[str] = set()
        for node, holder, start, end in self.held:
            begin, stop = max(start, since), min(math.inf if end is None else end, until)
            if holder != package or begin > stop:
                continue
            found |= {node[1]} if node[0] == "lot" else self.lots_ever_in(node[1], begin, stop)
        return found

    def tick(self) -> int:
        self.clock += 1
        return self.clock

    def unpacked(self, node: Node) -> None:
        package = self.parent.pop(node)
        for edge in self.held:
            if edge[0] == node and edge[1] == package and edge[3] is None:
                edge[3] = self.tick()

    def shipped_whole(self, lot: str) -> bool:
        return any(p in self.shipped_packages for p in self.packages_of(lot))

    def follow_containment(self) -> None:
        """After a posting: a lot packed at MAIN keeps packed only what of it is on hand there
        (a package shipped whole keeps what left with it)."""
        for node in [n for n in self.parent if n[0] == "lot"]:
            lot = node[1]
            if self.shipped_whole(lot):
                continue
            item = next(k[0] for k in self.stock if k[2] == lot)
            here = self.on_hand(item, "", lot, "MAIN")
            if here <= 0:
                self.unpacked(node)
            self.packed_qty[lot] = min(self.packed_qty[lot], here)

    def affected(self, lots: set[str]) -> set[Number]:
        """Every number downstream of the lots: the lots' own numbers and, through any depth
        of production and assembly, the outputs of each order that consumed an affected one."""
        found = {n for lot in lots for n in self.numbers_of_lot[lot]}
        grew = True
        while grew:
            grew = False
            for consumed, produced in self.orders.values():
                if consumed & found and not produced <= found:
                    found |= produced
                    grew = True
        return found

    def expected_recall(self, lots: set[str]) -> dict[str, Any]:
        affected = self.affected(lots)
        customers: dict[str, dict[tuple[Any, ...], float]] = defaultdict(lambda: defaultdict(float))
        for s in self.shipments:
            if (s["item_no"], s["serial_no"], s["lot_no"]) in affected:
                key = (s["document_no"], s["posting_date"], s["item_no"], s["serial_no"],
                       s["lot_no"])  # fmt: skip
                customers[s["customer_no"]][key] += s["quantity"]
        stock: dict[tuple[Any, ...], float] = defaultdict(float)
        for (item, serial, lot, location, bin_code), q in self.stock.items():
            if (item, serial, lot) in affected and q > 0:
                status = ("blocked" if lot in self.blocked
                          else "expired" if lot in self.expiring else "open")  # fmt: skip
                packages = tuple(sorted(self.packages_of(lot)))
                if location != "MAIN" or self.shipped_whole(lot):
                    packages = ()  # what left MAIN left its package; a shipped one is nowhere
                stock[(location, bin_code, item, serial, lot, packages, status)] += q
        returned: dict[str, float] = defaultdict(float)
        for r in self.returns:
            if (r["item_no"], r["serial_no"], r["lot_no"]) in affected:
                returned[r["customer_no"]] += r["quantity"]
        return {
            "affected": sorted(affected),
            "customers": {c: dict(s) for c, s in customers.items()},
            "stock": dict(stock),
            "returned": dict(returned),
        }


def _check_lines_posted_as_asked(
    lines: list[dict[str, Any]], entries: list[dict[str, Any]]
) -> None:
    """Each tracking line's quantity is what the entries at its item, numbers, location (and
    bin, when named) add up to: the record follows what was asked, not only what was answered."""
    for line in lines:
        for t in line.get("tracking", []):
            got = sum(
                abs(e["quantity"]) for e in entries
                if (e["item_no"], e["lot_no"], e["serial_no"], e["location_code"])
                == (line["item_no"], t.get("lot_no", ""), t.get("serial_no", ""),
                    line["location_code"])
                and e["bin_code"] == line.get("bin_code", e["bin_code"])
            )  # fmt: skip
            assert got == t.get("quantity", 1), (line, entries)


class ChainBuilder:
    def __init__(self, client: httpx.AsyncClient, rng: random.Random) -> None:
        self.client = client
        self.rng = rng
        self.chain = Chain()
        self.documents = 0

    async def setup(self) -> None:
        c = self.client
        code = {"code": "LOTEXPD", "description": "Lot, expiration dates",
                "lot_specific_tracking": True, "use_expiration_dates": True,
                "create_lot_info_on_posting": True}  # fmt: skip
        assert (await c.post("/v1/item-tracking-codes", json=code)).status_code == 201
        for item, tracking in (("RAW", "LOTEXPD"), ("MID", "LOTALL"), ("FIN", "LOTALL"),
                               ("KIT", "SNLOT"), ("GLUE", None)):  # fmt: skip
            body = {"no": item, **({"item_tracking_code": tracking} if tracking else {})}
            assert (await c.post("/v1/items", json=body)).status_code == 201
        for no in CUSTOMERS[1:]:
            assert (await c.post("/v1/customers", json={"no": no, "name": no})).status_code == 201

    async def posted(self, kind: str, lines: list[dict[str, Any]], **extra: Any) -> str:
        self.documents += 1
        no = f"D{self.documents:03d}"
        answer = await post(self.client, kind, no, lines, **extra)
        assert answer.status_code == 201, answer.text
        entries = answer.json()["entries"]
        _check_lines_posted_as_asked(lines, entries)
        self.chain.ledger.record(kind, no, entries)
        self.chain.kinds.add(kind)
        for e in entries:
            key = (e["item_no"], e["serial_no"], e["lot_no"], e["location_code"], e["bin_code"])
            self.chain.stock[key] += e["quantity"]
            if e["lot_no"]:
                self.chain.numbers_of_lot[e["lot_no"]].add(
                    (e["item_no"], e["serial_no"], e["lot_no"])
                )
            if kind == "sales_shipment":
                self.chain.shipments.append({
                    "customer_no": extra.get("customer_no", "C10000"), "document_no": no,
                    "posting_date": "2026-11-02", "item_no": e["item_no"],
                    "serial_no": e["serial_no"], "lot_no": e["lot_no"],
                    "quantity": -e["quantity"],
                })  # fmt: skip
        if "packages" not in extra:
            self.chain.follow_containment()
        if kind in {"production", "assembly"}:
            numbers = [((e["item_no"], e["serial_no"], e["lot_no"]), e["quantity"] > 0)
                       for e in entries if e["lot_no"] or e["serial_no"]]  # fmt: skip
            self.chain.orders[no] = ({n for n, out in numbers if not out},
                                     {n for n, out in numbers if out})  # fmt: skip
        return no

    def _have(self, *items: str, location: str | None = None) -> list[tuple[StockKey, float]]:
        return [(k, q) for k, q in sorted(self.chain.stock.items())
                if q > 0 and k[2] and k[0] in items and location in (None, k[3])
                and k[2] not in self.chain.blocked]  # fmt: skip

    async def receive(self, n: int) -> None:
        lot = f"R{n}"
        self.chain.made.append(lot)
        quantity = self.rng.randint(6, 10)
        expiration = EXPIRED if n == 0 else "2030-01-01"
        if n == 0:
            self.chain.expiring.add(lot)
        tracking = {"lot_no": lot, "quantity": quantity, "expiration_date": expiration}
        line = {"item_no": "RAW", "location_code": "MAIN", "quantity": quantity,
                "bin_code": self.rng.choice(["A-01", "A-02"]), "tracking": [tracking]}  # fmt: skip
        extra: dict[str, Any] = {}
        if n == 1:  # packed into a carton by the receipt itself
            carton = f"CT-R{n}"
            extra["pack"] = [{"package_no": carton, "contents": [
                {"item_no": "RAW", "lot_no": lot, "quantity": quantity}]}]  # fmt: skip
            self._packed(("lot", lot), carton, quantity)
            self.chain.kinds.add("pack_on_receipt")
        await self.posted("purchase_receipt", [line], **extra)

    def _packed(self, node: Node, package: str, quantity: float | None = None) -> None:
        self.chain.parent[node] = package
        self.chain.ever_in[package].add(node)
        self.chain.held.append([node, package, self.chain.tick(), None])
        if quantity is not None:
            self.chain.packed_qty[node[1]] = quantity

    def _line(self, key: StockKey, quantity: float, **extra: Any) -> dict[str, Any]:
        item, serial, lot, location, bin_code = key
        tracking = {
            "lot_no": lot,
            "quantity": quantity,
            **({"serial_no": serial} if serial else {}),
        }
        where = {"location_code": location, **({"bin_code": bin_code} if bin_code else {})}
        return {"item_no": item, **where, "quantity": quantity, "tracking": [tracking], **extra}

    async def produce(self, step: int) -> None:
        levels = [n for n in (0, 1) if self._have(LEVELS[n], location="MAIN")]
        if not levels:
            return
        level = self.rng.choice(levels)
        inputs = self._have(LEVELS[level], location="MAIN")
        picked = self.rng.sample(inputs, k=min(len(inputs), self.rng.randint(1, 2)))
        lot = f"{LEVELS[level + 1][0]}{step}"
        self.chain.made.append(lot)
        lines = [self._line(k, self.rng.randint(1, int(q)), type="consumption") for k, q in picked]
        lines.append({"item_no": "GLUE", "location_code": "MAIN", "bin_code": "A-01",
                      "quantity": 1, "type": "consumption"})  # fmt: skip
        output = lots(LEVELS[level + 1], lot, self.rng.randint(2, 6))
        lines.append({**output, "bin_code": "A-01", "type": "output"})
        await self.posted("production", lines, order_no=f"PO-{step}")

    async def assemble(self, step: int) -> None:
        inputs = self._have("FIN", location="MAIN")
        if not inputs:
            return
        key, q = self.rng.choice(inputs)
        lot = f"K{step}"
        self.chain.made.append(lot)
        serials = [f"K{step}-{i}" for i in range(1, self.rng.randint(2, 3) + 1)]
        output = {"item_no": "KIT", "location_code": "MAIN", "bin_code": "A-01",
                  "quantity": len(serials), "type": "output",
                  "tracking": [{"serial_no": s, "lot_no": lot} for s in serials]}  # fmt: skip
        lines = [self._line(key, self.rng.randint(1, int(q)), type="consumption"), output]
        await self.posted("assembly", lines, order_no=f"AO-{step}")

    async def transfer(self) -> None:
        have = self._have("RAW", "MID", "FIN", "KIT")
        if not have:
            return
        key, q = self.rng.choice(have)
        to = {"new_location_code": "EAST"} if key[3] == "MAIN" else {
            "new_location_code": "MAIN", "new_bin_code": "A-02"}  # fmt: skip
        quantity = q if key[1] else self.rng.randint(1, int(q))
        await self.posted("transfer", [self._line(key, quantity, **to)])

    async def ship(self) -> None:
        have = self._have("MID", "FIN", "KIT", "RAW")
        if not have:
            return
        key, q = self.rng.choice(have)
        customer = self.rng.choice(CUSTOMERS)
        quantity = q if key[1] else self.rng.randint(1, int(q))
        await self.posted("sales_shipment", [self._line(key, quantity)], customer_no=customer)

    async def sales_return(self) -> None:
        net: dict[tuple[str, str, str, str], float] = defaultdict(float)
        for s in self.chain.shipments:
            net[(s["customer_no"], s["item_no"], s["serial_no"], s["lot_no"])] += s["quantity"]
        for r in self.chain.returns:
            net[(r["customer_no"], r["item_no"], r["serial_no"], r["lot_no"])] -= r["quantity"]
        options = sorted((k, v) for k, v in net.items() if v > 0 and k[3] not in self.chain.blocked)
        if not options:
            return
        (customer, item, serial, lot), q = self.rng.choice(options)
        quantity = q if serial else self.rng.randint(1, int(q))
        line = self._line((item, serial, lot, "MAIN", "A-02"), quantity)
        await self.posted("sales_return_receipt", [line], customer_no=customer)
        self.chain.returns.append({"customer_no": customer, "item_no": item, "serial_no": serial,
                                   "lot_no": lot, "quantity": quantity})  # fmt: skip

    async def purchase_return(self) -> None:
        have = self._have("RAW")
        if not have:
            return
        key, q = self.rng.choice(have)
        await self.posted(
            "purchase_return_shipment", [self._line(key, self.rng.randint(1, int(q)))]
        )

    async def pack_carton(self, step: int) -> None:
        loose = sorted({k[2] for k, q in self.chain.stock.items()
                        if q > 0 and k[3] == "MAIN" and not k[1] and k[2]
                        and ("lot", k[2]) not in self.chain.parent})  # fmt: skip
        if not loose:
            return
        lot = self.rng.choice(loose)
        item = next(k[0] for k in self.chain.stock if k[2] == lot)
        quantity = self.chain.on_hand(item, "", lot, "MAIN")
        contents = [{"item_no": item, "lot_no": lot, "quantity": quantity}]
        await self._pack(f"CT-{step}", contents, ("lot", lot), quantity)
        self.chain.kinds.add("pack_carton")

    async def pack_pallet(self, step: int) -> None:
        cartons = sorted({p for p in set(self.chain.parent.values()) | set(self.chain.ever_in)
                          if p.startswith("CT") and ("package", p) not in self.chain.parent
                          and p not in self.chain.shipped_packages})  # fmt: skip
        if not cartons:
            return
        carton = self.rng.choice(cartons)
        await self._pack(f"PL-{step}", [{"package_no": carton}], ("package", carton), None)
        self.chain.kinds.add("pack_pallet")

    async def _pack(
        self, package: str, contents: list[dict[str, Any]], node: Node, quantity: float | None
    ) -> None:
        answer = await self.client.post(
            f"/v1/packages/{package}/pack", json={"user": "wh", "contents": contents}
        )
        assert answer.status_code == 200, answer.text
        self._packed(node, package, quantity)

    async def unpack(self) -> None:
        nested = sorted((n, p) for n, p in self.chain.parent.items()
                        if n[0] == "package" and p not in self.chain.shipped_packages)  # fmt: skip
        if not nested:
            return
        (_, carton), pallet = self.rng.choice(nested)
        body = {"user": "wh", "contents": [{"package_no": carton}]}
        answer = await self.client.post(f"/v1/packages/{pallet}/unpack", json=body)
        assert answer.status_code == 200, answer.text
        self.chain.unpacked(("package", carton))
        self.chain.kinds.add("unpack")

    async def ship_package(self) -> None:
        outer = sorted({p for p in self.chain.parent.values()
                        if ("package", p) not in self.chain.parent
                        and p not in self.chain.shipped_packages})  # fmt: skip
        candidates = []
        for p in outer:
            expect = {}
            for lot in self.chain.lots_in(p):
                item = next(k[0] for k in self.chain.stock if k[2] == lot)
                here = min(self.chain.on_hand(item, "", lot, "MAIN"), self.chain.packed_qty[lot])
                if here > 0:
                    expect[lot] = here
            if expect and not set(expect) & self.chain.blocked:
                candidates.append((p, expect))
        if not candidates:
            return
        package, expect = self.rng.choice(candidates)
        customer = self.rng.choice(CUSTOMERS)
        before = len(self.chain.shipments)
        await self.posted("sales_shipment", [], customer_no=customer,
                          packages=[{"package_no": package, "location_code": "MAIN"}])  # fmt: skip
        moved: dict[str, float] = defaultdict(float)
        for s in self.chain.shipments[before:]:
            moved[s["lot_no"]] += s["quantity"]
        assert dict(moved) == expect, (package, dict(moved), expect)
        self.chain.shipped_packages.add(package)
        self.chain.kinds.add("ship_package")

    async def block(self) -> None:
        options = sorted({k[2] for k, q in self.chain.stock.items() if q > 0 and k[2]})
        lot = self.rng.choice(options)
        item = next(k[0] for k in self.chain.stock if k[2] == lot)
        body = {"user": "qa", "reason": "Held for inspection"}
        answer = await self.client.post(f"/v1/lots/{item}/{lot}/block", json=body)
        assert answer.status_code == 200, answer.text
        self.chain.blocked.add(lot)


async def build_chain(client: httpx.AsyncClient, rng: random.Random, steps: int = 16) -> Chain:
    """Post a random supply chain (after `seed`) and return its record."""
    builder = ChainBuilder(client, rng)
    await builder.setup()
    await builder.posted(
        "positive_adjustment",
        [{"item_no": "GLUE", "location_code": "MAIN", "bin_code": "A-01", "quantity": 80}],
    )
    for n in range(3):
        await builder.receive(n)
    moves = ["produce", "produce", "produce", "assemble", "pack_carton", "pack_pallet", "transfer",
             "ship", "ship", "unpack", "ship_package", "sales_return", "produce", "transfer",
             "ship", "sales_return", "pack_pallet"]  # fmt: skip
    for step in range(steps + len(moves)):
        # random moves, then a late delivery (one lot goes back to the vendor) and each move
        # once more, so every kind of step has its turn
        if step == steps:
            await builder.receive(3)
            await builder.purchase_return()
    for step in range(steps + len(moves)):
        # random moves, then each move once more so every kind of step has its turn
        move = rng.choice([*moves, "purchase_return"]) if step < steps else moves[step - steps]
        if move in {"produce", "assemble", "pack_carton", "pack_pallet"}:
            await getattr(builder, move)(step)
        else:
            await getattr(builder, move)()
    await builder.block()
    return builder.chain
