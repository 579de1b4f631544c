"""What is on hand: open stock per item, place and numbers, with expired and blocked apart."""

import datetime as dt

from pydantic import BaseModel


class OnHandRow(BaseModel):
    item_no: str
    variant_code: str
    location_code: str
    bin_code: str
    serial_no: str
    lot_no: str
    package_no: str
    expiration_date: dt.date | None = None
    quantity: float
    expired_quantity: float
    blocked_quantity: float
    available_quantity: float  # quantity less what is expired or blocked (counted once)


class OnHandTotals(BaseModel):
    quantity: float
    expired_quantity: float
    blocked_quantity: float
    available_quantity: float


class OnHand(BaseModel):
    as_of: dt.date
    rows: list[OnHandRow]
    totals: OnHandTotals
    truncated: bool  # more rows exist than the limit returned


def totals(rows: list[OnHandRow]) -> OnHandTotals:
    return OnHandTotals(
        quantity=round(sum(r.quantity for r in rows), 5),
        expired_quantity=round(sum(r.expired_quantity for r in rows), 5),
        blocked_quantity=round(sum(r.blocked_quantity for r in rows), 5),
        available_quantity=round(sum(r.available_quantity for r in rows), 5),
    )
