"""Recall impact: from recalled numbers, everything downstream through any depth of production
and assembly, every customer with each shipment, and the stock still on hand to quarantine."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Annotated, Literal, Self

from pydantic import BaseModel, Field, StringConstraints, model_validator
from typing_extensions import TypedDict

from service.domain.master_data import Code20, Strict
from service.domain.postings import LedgerEntry, TrackingNo, VariantCode
from service.domain.trusted import trusted

StockStatus = Literal["open", "expired", "blocked"]


class RecalledNumber(Strict):
    serial_no: TrackingNo | None = None
    lot_no: TrackingNo | None = None
    package_no: TrackingNo | None = None
    item_no: Code20 | None = None
    variant_code: VariantCode | None = None

    @model_validator(mode="after")
    def _one_number(self) -> Self:
        if sum(x is not None for x in (self.serial_no, self.lot_no, self.package_no)) != 1:
            raise ValueError("name exactly one of serial_no, lot_no, package_no")
        return self


class RecallRequest(Strict):
    recall_no: Code20 = Field(description="Names the recall in audit records")
    reason: Annotated[str, StringConstraints(min_length=1, max_length=250)]
    user: Annotated[str, StringConstraints(min_length=1, max_length=50)]
    numbers: list[RecalledNumber] = Field(min_length=1, max_length=100)
    block: bool = Field(default=False, description="Block every affected number on hand")


class AffectedNumber(TypedDict):
    """A number the recall reached. A plain dict (as is `Shipment`): a recall answers with
    thousands, which models would take twice as long to build and serialise."""

    item_no: str
    variant_code: str
    serial_no: str
    lot_no: str


class _SalesEntry(TypedDict):
    """What a sales shipment and a sales return receipt of a tracked number both record."""

    customer_no: str
    document_no: str
    posting_date: dt.date
    item_no: str
    variant_code: str
    serial_no: str
    lot_no: str
    quantity: float


class Shipment(_SalesEntry):
    """One sales shipment of a tracked number to a customer, and how much of it the customer
    has sent back (`returned_quantity`, see `returned`)."""

    returned_quantity: float


class Return(_SalesEntry):
    """One sales return receipt of a tracked number from a customer, and the shipment entry it
    names (`applies_from_entry_no`), if it names one."""

    applies_from_entry_no: int | None


def returned(shipments: Mapping[int, Shipment], returns: Mapping[int, Return]) -> None:
    """Counts each return against the shipments it reverses, setting `returned_quantity`
    (shipments and returns by entry number). A return naming its shipment entry counts against
    that one; any other against the same customer's shipments of the same item, variant, serial
    and lot posted before it, the latest first, each up to what it shipped less what came back
    already. What is left over (a return of stock the recall did not see shipped) counts
    against nothing: the stock it brought back is in the recall's stock, `returned_by` the
    customer."""

    def key(x: Shipment | Return) -> tuple[str, ...]:
        return (x["customer_no"], x["item_no"], x["variant_code"], x["serial_no"], x["lot_no"])

    def take(entry_no: int, quantity: float) -> float:
        shipment = shipments[entry_no]
        taken = min(quantity, shipment["quantity"] - shipment["returned_quantity"])
        shipment["returned_quantity"] = round(shipment["returned_quantity"] + taken, 5)
        return quantity - taken

    for return_no, r in sorted(returns.items()):
        left = r["quantity"]
        named = r["applies_from_entry_no"]
        if named is not None and named in shipments:
            left = take(named, left)
        earlier = [no for no, s in shipments.items() if no < return_no and key(s) == key(r)]
        for no in sorted(earlier, reverse=True):
            if left <= 0:
                break
            left = take(no, left)


class Contact(TypedDict):
    """How to reach a customer: as set up on the customer (empty where nothing is)."""

    name: str
    contact: str
    phone_no: str
    email: str
    address: str  # one line: address, address 2, post code and city, country/region


def address_line(address: str, address_2: str, post_code: str, city: str, country: str) -> str:
    place = " ".join(p for p in (post_code, city) if p)
    return ", ".join(p for p in (address, address_2, place, country) if p)


NO_CONTACT: Contact = {"name": "", "contact": "", "phone_no": "", "email": "", "address": ""}


class CustomerImpact(BaseModel):
    customer_no: str
    contact: Contact = Field(description="Name, contact person, phone, e-mail and address")
    shipments: list[Shipment]
    quantity: float = Field(description="Shipped to the customer, in all")
    returned_quantity: float = Field(description="Of it, sent back on sales returns")
    outstanding_quantity: float = Field(description="Still at the customer: shipped less returned")


class StockToQuarantine(BaseModel):
    location_code: str
    bin_code: str
    packages: list[str]
    item_no: str
    variant_code: str
    serial_no: str
    lot_no: str
    expiration_date: dt.date | None = None
    quantity: float
    status: StockStatus
    returned_by: str = Field(
        default="", description="The customer who sent this stock back (a sales return), or ''"
    )


class RecallTotals(BaseModel):
    affected_numbers: int
    customers: int
    shipped_quantity: float
    returned_quantity: float
    outstanding_quantity: float
    on_hand_quantity: float
    open_quantity: float
    expired_quantity: float
    blocked_quantity: float


class Recall(BaseModel):
    recall_no: str
    affected: list[AffectedNumber]
    customers: list[CustomerImpact]
    on_hand: list[StockToQuarantine]
    blocked_now: list[AffectedNumber]
    totals: RecallTotals
    next_offset: int | None = Field(
        default=None,
        description="Ask again with this offset for the affected numbers, shipments and stock "
        "after this page (the totals always cover everything)",
    )

    def page(self, *, offset: int, limit: int) -> "Recall":
        """Affected numbers, each customer's shipments and the stock from `offset`, at most
        `limit` of each; `blocked_now` and the totals stay whole."""
        longest = max([len(self.affected), len(self.on_hand)]
                      + [len(c.shipments) for c in self.customers])  # fmt: skip
        if offset == 0 and longest <= limit:
            return self  # all of it, as it is
        window = slice(offset, offset + limit)
        customers = [c.model_copy(update={"shipments": c.shipments[window]})
                     for c in self.customers]  # fmt: skip
        return self.model_copy(
            update={
                "affected": self.affected[window],
                "customers": customers,
                "on_hand": self.on_hand[window],
                "next_offset": offset + limit if offset + limit < longest else None,
            }
        )


NumberKey = tuple[str, str, str, str]
"""A tracked number as (item no., variant code, serial no., lot no.)."""


def affected_numbers(keys: Iterable[NumberKey]) -> list[AffectedNumber]:
    """The numbers the recall reached, each once, in order."""
    return [
        {"item_no": item_no, "variant_code": variant_code, "serial_no": serial_no, "lot_no": lot_no}
        for item_no, variant_code, serial_no, lot_no in sorted(set(keys))
    ]


def shipment_of(entry: LedgerEntry) -> Shipment:
    """A sales shipment entry as the customer's shipment (its quantity positive)."""
    return {
        "customer_no": entry.source_no, "document_no": entry.document_no,
        "posting_date": entry.posting_date, "item_no": entry.item_no,
        "variant_code": entry.variant_code, "serial_no": entry.serial_no,
        "lot_no": entry.lot_no, "quantity": -entry.quantity, "returned_quantity": 0.0,
    }  # fmt: skip


def return_of(entry: LedgerEntry) -> Return:
    """A sales return receipt entry as the customer's return."""
    return {
        "customer_no": entry.source_no, "document_no": entry.document_no,
        "posting_date": entry.posting_date, "item_no": entry.item_no,
        "variant_code": entry.variant_code, "serial_no": entry.serial_no,
        "lot_no": entry.lot_no, "quantity": entry.quantity,
        "applies_from_entry_no": entry.applied_from.entry_no if entry.applied_from else None,
    }  # fmt: skip


def customer_impact(
    shipments: Iterable[Shipment], contacts: Mapping[str, Contact] | None = None
) -> list[CustomerImpact]:
    """The shipments (in the order the walk reached them) by customer, with each customer's
    contact (`contacts`, by customer no.)."""
    by_customer: dict[str, list[Shipment]] = {}
    for s in shipments:
        by_customer.setdefault(s["customer_no"], []).append(s)
    impact = []
    for customer_no, of_customer in sorted(by_customer.items()):
        shipped = round(sum(x["quantity"] for x in of_customer), 5)
        back = round(sum(x["returned_quantity"] for x in of_customer), 5)
        impact.append(trusted(CustomerImpact, {
            "customer_no": customer_no,
            "contact": (contacts or {}).get(customer_no, NO_CONTACT),
            "shipments": of_customer, "quantity": shipped,
            "returned_quantity": back, "outstanding_quantity": round(shipped - back, 5),
        }))  # fmt: skip
    return impact


def totals(
    affected: list[AffectedNumber], customers: list[CustomerImpact], stock: list[StockToQuarantine]
) -> RecallTotals:
    def of(status: StockStatus) -> float:
        return round(sum(s.quantity for s in stock if s.status == status), 5)

    return RecallTotals(
        affected_numbers=len(affected),
        customers=len(customers),
        shipped_quantity=round(sum(c.quantity for c in customers), 5),
        returned_quantity=round(sum(c.returned_quantity for c in customers), 5),
        outstanding_quantity=round(sum(c.outstanding_quantity for c in customers), 5),
        on_hand_quantity=round(sum(s.quantity for s in stock), 5),
        open_quantity=of("open"),
        expired_quantity=of("expired"),
        blocked_quantity=of("blocked"),
    )
