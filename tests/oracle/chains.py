"""Random supply chains as plain data, built against the oracle's own ledger (never the
service's answers), so they can be posted to the service and replayed in the oracle alike.

A chain is a list of `Step`s: a posting document, a pack or an unpack. Every name in it (items,
numbers, documents, orders, packages) starts with the chain's prefix, so chains need no database
wipe between them and can be posted concurrently; `renamed` gives the same chain under another
prefix (for shrinking). A sales return names the shipment it reverses by natural key
(`applies_from_ref`), resolved to an entry number by whoever posts it.

The paths walked: lots received (some twice), intermediate lots transferred before use, untracked
components, production over two levels (multi-line orders with `order_line_no` when
`ORDER_LINE_NOS`), lots renamed by reclassification, serials shipped, returned (naming the
shipment) and shipped again to another customer, serials and lots packed into cartons and
cartons onto pallets, unpacked (also before the outer pack), cartons shipped or transferred off a
pallet, pallets shipped or transferred whole, purchase returns.
"""

import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.oracle.bc_posting import Entry, Ledger, Refused
from tests.oracle.packages import Packages

# Production orders with two lines, each with its own `order_line_no` (consumption feeds the
# output of its own line). Off, every order has one line and links as a whole: the API before
# `order_line_no` answered a 422 to it.
ORDER_LINE_NOS = True

HOME, AWAY = "OM", "OL"
LOCATIONS = (HOME, AWAY)
CUSTOMERS = ("OC1", "OC2", "OC3")
VENDOR = "OV1"
LOT_CODE, SERIAL_CODE = "ORLOT", "ORSN"
POSTING_DATE = "2026-11-02"


def items_of(prefix: str) -> dict[str, str | None]:
    """The chain's items and their tracking codes."""
    return {
        f"{prefix}-RAW": LOT_CODE,
        f"{prefix}-MID": LOT_CODE,
        f"{prefix}-FG": SERIAL_CODE,
        f"{prefix}-GLUE": None,
    }


@dataclass
class Step:
    op: str  # "post" | "pack" | "unpack"
    body: dict[str, Any]
    package: str = ""  # pack / unpack
    location: str = ""  # pack: where the package stands
    label: str = ""  # what the generator meant

    def describe(self) -> str:
        if self.op == "post":
            return f"{self.label}: {json.dumps(self.body, separators=(',', ':'))}"
        return f"{self.op} {self.package}: {json.dumps(self.body['contents'])}"


def resolve(
    body: dict[str, Any], entry_no: Callable[[tuple[str, str, str, str]], int]
) -> dict[str, Any]:
    """The body with each `applies_from_ref` (shipment document, item, serial, lot) replaced by
    `applies_from_entry_no`."""
    out: dict[str, Any] = json.loads(json.dumps(body))
    for line in out.get("lines", []):
        for t in line.get("tracking", []):
            ref = t.pop("applies_from_ref", None)
            if ref is not None:
                t["applies_from_entry_no"] = entry_no(tuple(ref))
    return out


@dataclass
class World:
    """The oracle's state after the steps so far: BC's ledger and the containment model."""

    ledger: Ledger = field(default_factory=Ledger)
    packages: Packages = field(default_factory=Packages)

    def shipment_entry(self, ref: tuple[str, str, str, str]) -> int:
        doc, item, serial, lot = ref
        return next(
            e.no
            for e in self.ledger.entries
            if e.document_no == doc
            and e.entry_type == "Sale"
            and not e.positive
            and (e.item_no, e.serial_no, e.lot_no) == (item, serial, lot)
        )

    def apply(self, step: Step) -> list[Entry]:
        """Apply one step; `Refused` (and nothing changed) when it is not valid here."""
        if step.op == "pack":
            self._check_pack(step)
            self.ledger.step += 1
            self.packages.pack(step.package, step.location, step.body["contents"], self.ledger.step)
            return []
        if step.op == "unpack":
            self.ledger.step += 1
            self.packages.unpack(step.package, step.body["contents"], self.ledger.step)
            return []
        body = resolve(step.body, self.shipment_entry)
        moves = [(m["package_no"], m.get("new_location_code")) for m in body.get("packages", [])]
        extra = []
        for package, new_location in moves:
            if package not in self.packages.location or not self.packages.leaves(package):
                raise Refused(f"package {package} holds nothing here")
            extra += self.packages.move_lines(package, new_location)
        made = self.ledger.post(body, extra_lines=extra)
        for package, new_location in moves:
            self.packages.moved(package, new_location, self.ledger.step)
        self.packages.sync(self.ledger, self.ledger.step)
        return made

    def _check_pack(self, step: Step) -> None:
        for c in step.body["contents"]:
            if c["kind"] == "package":
                if self.packages.location.get(c["package_no"]) != step.location:
                    raise Refused(f"package {c['package_no']} is not at {step.location}")
                continue
            key = "serial_no" if c["kind"] == "serial" else "lot_no"
            here = sum(
                e.remaining
                for e in self.ledger.entries
                if e.positive
                and e.item_no == c["item_no"]
                and getattr(e, key) == c[key]
                and e.location_code == step.location
            )
            if here < float(c.get("quantity", 1)) - 1e-9:
                raise Refused(f"{c} not on hand at {step.location}")


def replay(steps: list[Step]) -> World:
    world = World()
    for step in steps:
        world.apply(step)
    return world


def renamed(steps: list[Step], old: str, new: str) -> list[Step]:
    return [
        Step(
            s.op,
            json.loads(json.dumps(s.body).replace(f'"{old}-', f'"{new}-')),
            s.package.replace(f"{old}-", f"{new}-"),
            s.location,
            s.label,
        )
        for s in steps
    ]


class Generator:
    """Builds a valid random chain: each step is tried on the oracle's world and kept if valid."""

    def __init__(self, seed: int, prefix: str) -> None:
        self.rng = random.Random(seed)
        self.p = prefix
        self.world = World()
        self.steps: list[Step] = []
        self.n = 0
        self.lots: list[str] = []
        self.shipments: list[
            tuple[str, str, str, str, str]
        ] = []  # doc, customer, item, serial, lot
        self.returned: set[tuple[str, str]] = set()  # (shipment doc, serial) already returned

    def _name(self, what: str) -> str:
        self.n += 1
        return f"{self.p}-{what}{self.n}"

    def _try(self, step: Step) -> bool:
        try:
            self.world.apply(step)
        except Refused:
            return False
        self.steps.append(step)
        return True

    def _post(self, label: str, kind: str, lines: list[dict[str, Any]], **extra: Any) -> bool:
        body = {
            "kind": kind,
            "document_no": self._name("D"),
            "posting_date": POSTING_DATE,
            "lines": lines,
            **extra,
        }
        return self._try(Step("post", body, label=label))

    def _stock(self, item: str, location: str | None = None) -> list[tuple[str, str, str, float]]:
        """(serial, lot, location, on hand) of `item` with stock, sorted."""
        totals: dict[tuple[str, str, str], float] = {}
        for e in self.world.ledger.entries:
            if e.positive and e.remaining > 0 and e.item_no == item and e.tracked:
                k = (e.serial_no, e.lot_no, e.location_code)
                totals[k] = totals.get(k, 0.0) + e.remaining
        return sorted((*k, q) for k, q in totals.items() if q > 0 and location in (None, k[2]))

    def _pick(self, item: str, location: str | None = None) -> tuple[str, str, str, float] | None:
        have = self._stock(item, location)
        return self.rng.choice(have) if have else None

    @staticmethod
    def _line(
        item: str, location: str, quantity: float, serial: str = "", lot: str = "", **extra: Any
    ) -> dict[str, Any]:
        t: dict[str, Any] = {"quantity": quantity}
        if serial:
            t["serial_no"] = serial
        if lot:
            t["lot_no"] = lot
        return {
            "item_no": item,
            "location_code": location,
            "quantity": quantity,
            "tracking": [t],
            **extra,
        }

    def _part(self, q: float) -> float:
        return float(self.rng.randint(1, int(q)))

    def move(self, name: str) -> bool:
        what, _, arg = name.partition(" ")
        if what == "produce":
            return self.produce(arg)
        if what == "transfer":
            return self.transfer(arg)
        if what == "ship":
            return self.ship(returned=arg == "returned")
        return bool(getattr(self, what)())

    # the moves ---------------------------------------------------------------------------------
    def receive(self) -> bool:
        again = bool(self.lots) and self.rng.random() < 0.25
        lot = self.rng.choice(self.lots) if again else self._name("L")
        if not again:
            self.lots.append(lot)
        location = HOME if self.rng.random() < 0.8 else AWAY
        q = float(self.rng.randint(4, 9))
        return self._post(
            "receive" + (" again" if again else ""),
            "purchase_receipt",
            [self._line(f"{self.p}-RAW", location, q, lot=lot)],
            vendor_no=VENDOR,
        )

    def glue(self) -> bool:
        line = {
            "item_no": f"{self.p}-GLUE",
            "location_code": self.rng.choice(LOCATIONS),
            "quantity": 20.0,
        }
        return self._post("untracked stock", "positive_adjustment", [line])

    def transfer(self, what: str = "") -> bool:
        item = f"{self.p}-{what or self.rng.choice(['RAW', 'MID', 'FG'])}"
        got = self._pick(item)
        if got is None:
            return False
        serial, lot, location, q = got
        to = AWAY if location == HOME else HOME
        qty = q if serial else self._part(q)
        line = self._line(item, location, qty, serial, lot, new_location_code=to)
        return self._post(f"transfer {item}", "transfer", [line])

    def reclassify(self) -> bool:
        item = f"{self.p}-{self.rng.choice(['RAW', 'MID'])}"
        got = self._pick(item)
        if got is None:
            return False
        _, lot, location, q = got
        new = self._name("N")
        if item.endswith("RAW"):
            self.lots.append(new)
        line = self._line(item, location, q if self.rng.random() < 0.5 else self._part(q), lot=lot)
        line["tracking"][0]["new_lot_no"] = new
        return self._post("rename lot", "reclassification", [line])

    def produce(self, level: str) -> bool:
        source, target = ("RAW", "MID") if level == "MID" else ("MID", "FG")
        anywhere = self._stock(f"{self.p}-{source}")
        if not anywhere:
            return False
        location = self.rng.choice(anywhere)[2]
        have = self._stock(f"{self.p}-{source}", location)
        order = self._name("O")
        picked = self.rng.sample(have, k=min(len(have), self.rng.randint(1, 2)))
        orders = [picked[:1], picked[1:]] if ORDER_LINE_NOS and len(picked) == 2 else [picked]
        lines: list[dict[str, Any]] = []
        for n, inputs in enumerate(orders, start=1):
            at = {"order_line_no": n} if ORDER_LINE_NOS and len(orders) > 1 else {}
            for serial, lot, _, q in inputs:
                lines.append(
                    self._line(
                        f"{self.p}-{source}",
                        location,
                        self._part(q),
                        serial,
                        lot,
                        type="consumption",
                        **at,
                    )
                )
            if n == 1 and self.rng.random() < 0.5:  # an untracked component
                lines.append(
                    {
                        "item_no": f"{self.p}-GLUE",
                        "location_code": location,
                        "quantity": 1.0,
                        "type": "consumption",
                        **at,
                    }
                )
            if target == "MID":
                q = float(self.rng.randint(2, 6))
                lines.append(
                    {
                        **self._line(f"{self.p}-MID", location, q, lot=self._name("M")),
                        "type": "output",
                        **at,
                    }
                )
            else:
                serials = [self._name("S") for _ in range(self.rng.randint(1, 3))]
                lines.append(
                    {
                        "item_no": f"{self.p}-FG",
                        "location_code": location,
                        "quantity": float(len(serials)),
                        "type": "output",
                        **at,
                        "tracking": [{"serial_no": s, "quantity": 1.0} for s in serials],
                    }
                )
        return self._post(f"produce {target}", "production", lines, order_no=order)

    def ship(self, *, returned: bool = False) -> bool:
        """A shipment; `returned`: of a serial that came back, to a customer other than the one
        who sent it back."""
        item = f"{self.p}-{self.rng.choice(['FG', 'FG', 'MID', 'RAW'])}"
        customers = list(CUSTOMERS)
        if returned:
            back = [
                (doc, s)
                for doc, s in sorted(self.returned)
                if self._stock_of_serial(f"{self.p}-FG", s)
            ]
            if not back:
                return False
            doc, serial = self.rng.choice(back)
            item = f"{self.p}-FG"
            got: tuple[str, str, str, float] | None = next(
                x for x in self._stock(item) if x[0] == serial
            )
            customers.remove(next(s[1] for s in self.shipments if s[0] == doc))
        else:
            got = self._pick(item)
        if got is None:
            return False
        serial, lot, location, q = got
        customer = self.rng.choice(customers)
        qty = q if serial else self._part(q)
        ok = self._post(
            "ship",
            "sales_shipment",
            [self._line(item, location, qty, serial, lot)],
            customer_no=customer,
        )
        if ok:
            self.shipments.append((self.steps[-1].body["document_no"], customer, item, serial, lot))
        return ok

    def sales_return(self) -> bool:
        options = [
            s
            for s in self.shipments
            if s[3] and (s[0], s[3]) not in self.returned and not self._stock_of_serial(s[2], s[3])
        ]
        if not options:
            return False
        doc, customer, item, serial, lot = self.rng.choice(options)
        t = {"quantity": 1.0, "applies_from_ref": [doc, item, serial, lot]}
        line = {"item_no": item, "location_code": HOME, "quantity": 1.0, "tracking": [t]}
        ok = self._post(
            "return naming its shipment", "sales_return_receipt", [line], customer_no=customer
        )
        if ok:
            self.returned.add((doc, serial))
        return ok

    def _stock_of_serial(self, item: str, serial: str) -> bool:
        return any(s == serial for s, *_ in self._stock(item))

    def purchase_return(self) -> bool:
        got = self._pick(f"{self.p}-RAW")
        if got is None:
            return False
        _, lot, location, q = got
        line = self._line(f"{self.p}-RAW", location, self._part(q), lot=lot)
        return self._post("purchase return", "purchase_return_shipment", [line], vendor_no=VENDOR)

    def _loose(self, item: str) -> list[tuple[str, str, str, float]]:
        packed = self.world.packages.parent
        return [
            s
            for s in self._stock(item, HOME)
            if ("serial", item, s[0]) not in packed and ("lot", item, s[1]) not in packed
        ]

    def pack_carton(self) -> bool:
        fg, mid = f"{self.p}-FG", f"{self.p}-MID"
        contents: list[dict[str, Any]]
        if self.rng.random() < 0.7:
            loose = self._loose(fg)
            if not loose:
                return False
            picked = self.rng.sample(loose, k=min(len(loose), self.rng.randint(1, 3)))
            contents = [{"kind": "serial", "item_no": fg, "serial_no": s[0]} for s in picked]
        else:
            loose = [
                s for s in self._loose(mid) if ("lot", mid, s[1]) not in self.world.packages.parent
            ]
            if not loose:
                return False
            _, lot, _, q = self.rng.choice(loose)
            contents = [{"kind": "lot", "item_no": mid, "lot_no": lot, "quantity": q}]
        carton = self._name("CT")
        return self._try(Step("pack", {"user": "wh", "contents": contents}, carton, HOME))

    def _cartons(self, *, loose: bool) -> list[str]:
        packages = self.world.packages
        return sorted(
            p
            for p, at in packages.location.items()
            if "-CT" in p
            and at == HOME
            and packages.leaves(p)
            and (not loose or ("package", p, "") not in packages.parent)
        )

    def pack_pallet(self) -> bool:
        cartons = self._cartons(loose=True)
        if not cartons:
            return False
        pallets = [
            p
            for p, at in self.world.packages.location.items()
            if "-PL" in p and at == HOME and ("package", p, "") not in self.world.packages.parent
        ]
        pallet = self.rng.choice(pallets) if pallets and self.rng.random() < 0.5 else None
        pallet = pallet or self._name("PL")
        picked = self.rng.sample(cartons, k=min(len(cartons), self.rng.randint(1, 2)))
        contents = [{"kind": "package", "package_no": c} for c in picked]
        return self._try(Step("pack", {"user": "wh", "contents": contents}, pallet, HOME))

    def unpack(self) -> bool:
        parent = self.world.packages.parent
        options = sorted((n, p) for n, p in parent.items() if p in self.world.packages.location)
        if not options:
            return False
        (kind, a, b), package = self.rng.choice(options)
        ref = (
            {"kind": "package", "package_no": a}
            if kind == "package"
            else {"kind": kind, "item_no": a, f"{kind}_no": b}
        )
        return self._try(Step("unpack", {"user": "wh", "contents": [ref]}, package))

    def move_package(self) -> bool:
        packages = self.world.packages
        options = sorted(p for p, at in packages.location.items() if packages.leaves(p))
        if not options:
            return False
        package = self.rng.choice(options)
        at = packages.location[package]
        move: dict[str, Any] = {"package_no": package, "location_code": at}
        if self.rng.random() < 0.6:
            return self._post(
                f"ship package {package}",
                "sales_shipment",
                [],
                customer_no=self.rng.choice(CUSTOMERS),
                packages=[move],
            )
        move["new_location_code"] = AWAY if at == HOME else HOME
        return self._post(f"transfer package {package}", "transfer", [], packages=[move])


# The skeleton every chain follows (each step taken with probability 0.85), with a random move
# between skeleton steps half the time: deep paths (a raw lot through two levels, a serial shipped,
# returned and shipped again, cartons off pallets) come up in most chains, not by luck.
SKELETON = [
    "receive",
    "receive",
    "receive",
    "produce MID",
    "transfer MID",
    "reclassify",
    "produce MID",
    "produce FG",
    "transfer FG",
    "pack_carton",
    "pack_carton",
    "pack_pallet",
    "unpack",
    "ship",
    "sales_return",
    "ship returned",
    "move_package",
    "ship",
    "sales_return",
    "ship returned",
    "move_package",
    "purchase_return",
]
RANDOM_MOVES = [
    "receive",
    "transfer",
    "reclassify",
    "produce MID",
    "produce FG",
    "ship",
    "sales_return",
    "purchase_return",
    "pack_carton",
    "pack_pallet",
    "unpack",
    "move_package",
]


SIZES = {"small": (0.4, 0.15), "full": (0.85, 0.5)}
"""Chain sizes (TRACEGRAPH_CHAIN_SIZE): the chance of each skeleton step, and of a random move
after it. "small" chains (~10 steps) keep 500 of them within CI's time; every path is still
walked by many of the 500. `make soak` runs "full" chains (~30 steps)."""
SIZE = os.environ.get("TRACEGRAPH_CHAIN_SIZE", "small")


def generate(seed: int, prefix: str, size: str = SIZE) -> list[Step]:
    """A random valid chain: the skeleton's steps, some left out, random moves between."""
    skeleton_p, move_p = SIZES[size]
    g = Generator(seed, prefix)
    g.glue()
    for n, name in enumerate(SKELETON):
        if n == 0 or g.rng.random() < skeleton_p:  # (every chain receives a lot first)
            g.move(name)
        if g.rng.random() < move_p:
            g.move(g.rng.choice(RANDOM_MOVES))
    return g.steps
