"""Locations (with bins), customers and vendors: the master data postings name."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from service.domain.cells import Printable
from service.domain.gs1 import check_gln

# Business Central's Code[n] fields: trimmed, upper-cased, never blank.
Code10 = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_upper=True, min_length=1, max_length=10),
    Printable,
]
Code20 = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_upper=True, min_length=1, max_length=20),
    Printable,
]
Text100 = Annotated[str, StringConstraints(max_length=100)]
Gln = Annotated[str, AfterValidator(check_gln), Field(description="GS1 GLN, 13 digits")]


class Strict(BaseModel):
    """Unknown fields are refused, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid")


class Bin(Strict):
    code: Code20
    description: Text100 = ""


class Location(Strict):
    code: Code10
    name: Text100 = ""
    gln: Gln | None = Field(default=None, description="GS1 Global Location Number (for EPCIS)")
    bins: list[Bin] = Field(default_factory=list)


class LocationUpdate(Strict):
    name: Text100 | None = None
    gln: Gln | None = None


class Partner(Strict):
    """A customer or a vendor."""

    no: Code20
    name: Text100 = ""
    country_region_code: Annotated[str, StringConstraints(max_length=10)] = ""
    gln: Gln | None = None


class PartnerUpdate(Strict):
    name: Text100 | None = None
    country_region_code: Annotated[str, StringConstraints(max_length=10)] | None = None
    gln: Gln | None = None


class InventorySetup(Strict):
    """Company-wide inventory settings: where new package numbers come from."""

    package_nos: Code20 | None = Field(default=None, description="Number series for packages")
