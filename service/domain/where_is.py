"""Where a serial, lot or package is now: what holds it, where it stands, who received it."""

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field

from service.domain.containment import LotRef, PackageRef, Ref
from service.domain.on_hand import OnHandRow


class Shipment(BaseModel):
    customer_no: str
    document_no: str
    posting_date: dt.date
    item_no: str
    serial_no: str
    lot_no: str
    quantity: float


class WhereIs(BaseModel):
    of: Annotated[Ref, Field(discriminator="kind")]
    chain: list[Annotated[PackageRef | LotRef, Field(discriminator="kind")]] = Field(
        description="What holds it now, nearest first (serial > lot > carton > pallet)"
    )
    on_hand: list[OnHandRow] = Field(description="Where it stands now, by location and bin")
    shipped_to: list[Shipment] = Field(description="Sales shipments of it, oldest first")
