"""Locations (with bins), customers and vendors: the master data postings name."""

from typing import Annotated, Literal

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


Email = Annotated[str, StringConstraints(max_length=80, pattern=r"^([^@\s]+@[^@\s]+)?$")]
Text50 = Annotated[str, StringConstraints(max_length=50)]
Text30 = Annotated[str, StringConstraints(max_length=30)]


class Partner(Strict):
    """A customer or a vendor, with what a recall's call list needs to reach them (Business
    Central's Address, Address 2, City, Post Code, Contact, Phone No. and E-Mail)."""

    no: Code20
    name: Text100 = ""
    country_region_code: Annotated[str, StringConstraints(max_length=10)] = ""
    gln: Gln | None = None
    address: Text100 = ""
    address_2: Text50 = ""
    city: Text30 = ""
    post_code: Code20 | Literal[""] = ""
    contact: Text100 = ""
    phone_no: Text30 = ""
    email: Email = ""


class PartnerUpdate(Strict):
    name: Text100 | None = None
    country_region_code: Annotated[str, StringConstraints(max_length=10)] | None = None
    gln: Gln | None = None
    address: Text100 | None = None
    address_2: Text50 | None = None
    city: Text30 | None = None
    post_code: Code20 | Literal[""] | None = None
    contact: Text100 | None = None
    phone_no: Text30 | None = None
    email: Email | None = None


class InventorySetup(Strict):
    """Company-wide inventory settings: where new package numbers come from."""

    package_nos: Code20 | None = Field(default=None, description="Number series for packages")
