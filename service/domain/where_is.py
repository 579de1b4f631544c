"""Where a serial, lot or package is now: what holds it, where it stands, who received it."""

from typing import Annotated

from pydantic import BaseModel, Field

from service.domain.containment import LotRef, PackageRef, Ref
from service.domain.on_hand import OnHandRow
from service.domain.recalls import Shipment


class WhereIs(BaseModel):
    of: Annotated[Ref, Field(discriminator="kind")]
    chain: list[Annotated[PackageRef | LotRef, Field(discriminator="kind")]] = Field(
        description="What holds it now, nearest first (serial > lot > carton > pallet)"
    )
    on_hand: list[OnHandRow] = Field(description="Where it stands now, by location and bin")
    shipped_to: list[Shipment] = Field(
        description="Sales shipments of it, oldest first, each with what came back of it"
    )
