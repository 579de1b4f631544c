"""A seeded, deterministic supply chain at a named scale, as the documents a company would post.

Four production levels with fan-in and fan-out: raw lots bought from suppliers (with expiration
dates) -> intermediate lots (production) -> sub-assembly lots (assembly) -> serialised finished
goods (production, one lot per order), packed into cartons on pallets as they are output,
transferred from the plant to a distribution centre, shipped to customers, some returned and
shipped again. Every component quantity is drawn from a lot that holds it, so every document
posts under Business Central's rules; demand drives supply (a consumer that empties a lot makes
the next one be produced or bought first), so documents come out in posting order.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from dataclasses import dataclass, field

from service.demo import TRACKING_CODES as DEMO_CODES
from service.domain.containment import PackageRef, SerialRef
from service.domain.items import Item
from service.domain.master_data import Location, Partner
from service.domain.postings import (
    Document,
    DocumentKind,
    PackInstruction,
    PostingLine,
    TrackingLine,
)
from service.domain.tracking_codes import ItemTrackingCode

PLANT = "PLANT"
DCS = ["DC-NORTH", "DC-SOUTH", "DC-EAST"]
START = dt.date(2020, 1, 1)
CARTON_SIZE = 10


@dataclass(frozen=True)
class Scale:
    name: str
    finished_orders: int
    serials_per_order: tuple[int, int]
    customers: int
    return_rate: float = 0.02


SCALES = {
    "XS": Scale("XS", finished_orders=16, serials_per_order=(5, 15), customers=5),
    "S": Scale("S", finished_orders=480, serials_per_order=(20, 80), customers=200),
    "M": Scale("M", finished_orders=4800, serials_per_order=(20, 80), customers=2000),
}

TRACKING_CODES = [
    ItemTrackingCode(
        code="RAWLOT",
        description="Lot specific with expiration dates",
        lot_specific_tracking=True,
        use_expiration_dates=True,
        create_lot_info_on_posting=True,
    ),
    # LOTALL and SNLOT are the demo's own codes.
    *(code for code in DEMO_CODES if code.code in {"LOTALL", "SNLOT"}),
]
# Levels, each item with the two components one unit takes one unit of, and its lot sizes.
RAW = [f"RAW-{n:02}" for n in range(1, 7)]
INTERMEDIATE = [f"INT-{n:02}" for n in range(1, 5)]
SUB_ASSEMBLY = [f"SUB-{n:02}" for n in range(1, 5)]
FINISHED = [f"FG-{n:02}" for n in range(1, 5)]
COMPONENTS: dict[str, tuple[str, str]] = {
    **{item: (RAW[i], RAW[(i + 2) % 6]) for i, item in enumerate(INTERMEDIATE)},
    **{item: (INTERMEDIATE[i], INTERMEDIATE[(i + 1) % 4]) for i, item in enumerate(SUB_ASSEMBLY)},
    **{item: (SUB_ASSEMBLY[i], SUB_ASSEMBLY[(i + 1) % 4]) for i, item in enumerate(FINISHED)},
}
# Raw materials bought in big lots (resin, steel), medium ones, and small ones (fasteners).
LOT_SIZES: dict[str, tuple[int, int]] = {
    "RAW-01": (8000, 12000),
    "RAW-02": (6000, 10000),
    "RAW-03": (1500, 3000),
    "RAW-04": (1500, 3000),
    "RAW-05": (300, 800),
    "RAW-06": (300, 800),
    **{item: (600, 1500) for item in INTERMEDIATE},
    **{item: (200, 600) for item in SUB_ASSEMBLY},
}


def items() -> list[Item]:
    code = {
        **{i: "RAWLOT" for i in RAW},
        **{i: "LOTALL" for i in INTERMEDIATE + SUB_ASSEMBLY},
        **{i: "SNLOT" for i in FINISHED},
    }
    level = {
        **{i: "Raw material" for i in RAW},
        **{i: "Intermediate" for i in INTERMEDIATE},
        **{i: "Sub-assembly" for i in SUB_ASSEMBLY},
        **{i: "Finished good" for i in FINISHED},
    }
    return [
        Item(no=no, description=f"{level[no]} {no}", item_tracking_code=code[no])
        for no in RAW + INTERMEDIATE + SUB_ASSEMBLY + FINISHED
    ]


@dataclass
class Dataset:
    """The master data and the documents, in posting order."""

    scale: Scale
    tracking_codes: list[ItemTrackingCode]
    items: list[Item]
    locations: list[Location]
    customers: list[Partner]
    vendors: list[Partner]
    documents: list[Document]
    finished_serials: list[tuple[str, str]] = field(default_factory=list)  # (item, serial)
    raw_lots: list[tuple[str, str]] = field(default_factory=list)  # (item, lot)


@dataclass
class _Lot:
    no: str
    remaining: int


class _Generator:
    def __init__(self, scale: Scale, seed: int) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.documents: list[Document] = []
        self.day = 0
        self.counters: dict[str, int] = {}
        self.current: dict[str, _Lot] = {}
        self.stock: dict[tuple[str, str], deque[tuple[str, str]]] = {
            (dc, item): deque() for dc in DCS for item in FINISHED
        }  # (dc, item) -> (serial, lot) in arrival order
        self.returns: deque[tuple[int, str, str, str, str, str]] = deque()
        self.finished_serials: list[tuple[str, str]] = []
        self.raw_lots: list[tuple[str, str]] = []
        self.customers = [f"C{n:05}" for n in range(1, scale.customers + 1)]
        self.vendors = [f"V{n:04}" for n in range(1, 21)]

    @property
    def date(self) -> dt.date:
        return START + dt.timedelta(days=self.day)

    def number(self, prefix: str) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]:07}"

    # -- supply, driven by demand ------------------------------------------------------------

    def take(self, item: str, quantity: int) -> list[TrackingLine]:
        """Tracking lines for `quantity` of `item` from its current lots, making new ones."""
        taken: dict[str, int] = {}
        while quantity > 0:
            lot = self.current.get(item)
            if lot is None or lot.remaining == 0:
                lot = self.current[item] = self.supply(item)
            q = min(quantity, lot.remaining)
            lot.remaining -= q
            quantity -= q
            taken[lot.no] = taken.get(lot.no, 0) + q
        return [TrackingLine(lot_no=no, quantity=q) for no, q in taken.items()]

    def supply(self, item: str) -> _Lot:
        size = self.rng.randint(*LOT_SIZES[item])
        lot_no = self.number(f"L{item}-")
        if item in RAW:
            expiry = self.date + dt.timedelta(days=self.rng.randint(365, 900))
            self.documents.append(
                Document(
                    kind="purchase_receipt",
                    document_no=self.number("PR-"),
                    posting_date=self.date,
                    vendor_no=self.rng.choice(self.vendors),
                    lines=[
                        PostingLine(
                            item_no=item,
                            location_code=PLANT,
                            quantity=size,
                            tracking=[
                                TrackingLine(lot_no=lot_no, quantity=size, expiration_date=expiry)
                            ],
                        )
                    ],
                )
            )
            self.raw_lots.append((item, lot_no))
            return _Lot(lot_no, size)
        kind: DocumentKind = "assembly" if item in SUB_ASSEMBLY else "production"
        lines = [
            PostingLine(
                type="consumption",
                item_no=component,
                location_code=PLANT,
                quantity=size,
                tracking=self.take(component, size),
            )
            for component in COMPONENTS[item]
        ]
        lines.append(
            PostingLine(
                type="output",
                item_no=item,
                location_code=PLANT,
                quantity=size,
                tracking=[TrackingLine(lot_no=lot_no, quantity=size)],
            )
        )
        order = self.number("AO-" if kind == "assembly" else "PO-")
        self.documents.append(
            Document(
                kind=kind, document_no=order, order_no=order, posting_date=self.date, lines=lines
            )
        )
        return _Lot(lot_no, size)

    # -- finished goods: produce, pack, transfer, ship, return ---------------------------------

    def finished_order(self) -> None:
        item = self.rng.choice(FINISHED)
        count = self.rng.randint(*self.scale.serials_per_order)
        lines = [
            PostingLine(
                type="consumption",
                item_no=component,
                location_code=PLANT,
                quantity=count,
                tracking=self.take(component, count),
            )
            for component in COMPONENTS[item]
        ]
        lot_no = self.number(f"L{item}-")
        serials = [self.number(f"S{item[-2:]}-") for _ in range(count)]
        lines.append(
            PostingLine(
                type="output",
                item_no=item,
                location_code=PLANT,
                quantity=count,
                tracking=[TrackingLine(serial_no=s, lot_no=lot_no) for s in serials],
            )
        )
        cartons = [self.number("CARTON") for _ in range(0, count, CARTON_SIZE)]
        pallet = self.number("PALLET")
        pack = [
            PackInstruction(
                package_no=carton,
                contents=[
                    SerialRef(item_no=item, serial_no=s)
                    for s in serials[i * CARTON_SIZE : (i + 1) * CARTON_SIZE]
                ],
            )
            for i, carton in enumerate(cartons)
        ] + [
            PackInstruction(package_no=pallet, contents=[PackageRef(package_no=c) for c in cartons])
        ]
        order = self.number("PO-")
        self.documents.append(
            Document(
                kind="production",
                document_no=order,
                order_no=order,
                posting_date=self.date,
                lines=lines,
                pack=pack,
            )
        )
        self.finished_serials.extend((item, s) for s in serials)
        dc = self.rng.choice(DCS)
        self.documents.append(
            Document(
                kind="transfer",
                document_no=self.number("TR-"),
                posting_date=self.date,
                lines=[
                    PostingLine(
                        item_no=item,
                        location_code=PLANT,
                        new_location_code=dc,
                        quantity=count,
                        tracking=[TrackingLine(serial_no=s, lot_no=lot_no) for s in serials],
                    )
                ],
            )
        )
        self.stock[(dc, item)].extend((s, lot_no) for s in serials)

    def ship(self) -> None:
        """Ship what the distribution centres hold, a customer order at a time."""
        for (dc, item), queue in self.stock.items():
            reserve = self.rng.randint(0, 120)  # safety stock left on hand
            while len(queue) > reserve:
                count = min(len(queue) - reserve, self.rng.randint(1, 25))
                taken = [queue.popleft() for _ in range(count)]
                customer = self.rng.choice(self.customers)
                self.documents.append(
                    Document(
                        kind="sales_shipment",
                        document_no=self.number("SS-"),
                        posting_date=self.date,
                        customer_no=customer,
                        lines=self._serial_lines(item, dc, taken),
                    )
                )
                for serial, lot in taken:
                    if self.rng.random() < self.scale.return_rate:
                        back = self.day + self.rng.randint(5, 60)
                        self.returns.append((back, dc, item, serial, lot, customer))

    def take_returns(self) -> None:
        due = [r for r in self.returns if r[0] <= self.day]
        self.returns = deque(r for r in self.returns if r[0] > self.day)
        for _, dc, item, serial, lot, customer in due:
            self.documents.append(
                Document(
                    kind="sales_return_receipt",
                    document_no=self.number("SR-"),
                    posting_date=self.date,
                    customer_no=customer,
                    lines=self._serial_lines(item, dc, [(serial, lot)]),
                )
            )
            self.stock[(dc, item)].append((serial, lot))

    @staticmethod
    def _serial_lines(item: str, dc: str, taken: list[tuple[str, str]]) -> list[PostingLine]:
        by_lot: dict[str, list[str]] = {}
        for serial, lot in taken:
            by_lot.setdefault(lot, []).append(serial)
        return [
            PostingLine(
                item_no=item,
                location_code=dc,
                quantity=len(serials),
                tracking=[TrackingLine(serial_no=s, lot_no=lot) for s in serials],
            )
            for lot, serials in by_lot.items()
        ]

    def run(self) -> None:
        for n in range(self.scale.finished_orders):
            self.finished_order()
            if n % 3 == 2:  # the distribution centres ship every third day; stock is left over
                self.ship()
            self.take_returns()
            self.day += 1


def generate(scale: Scale, seed: int = 7) -> Dataset:
    """The same scale and seed always give the same documents."""
    g = _Generator(scale, seed)
    g.run()
    return Dataset(
        scale=scale,
        tracking_codes=TRACKING_CODES,
        items=items(),
        locations=[Location(code=PLANT, name="Plant")]
        + [Location(code=dc, name=f"Distribution centre {dc[3:].title()}") for dc in DCS],
        customers=[Partner(no=c, name=f"Customer {c}") for c in g.customers],
        vendors=[Partner(no=v, name=f"Supplier {v}") for v in g.vendors],
        documents=g.documents,
        finished_serials=g.finished_serials,
        raw_lots=g.raw_lots,
    )
