"""Serial / Lot / Package No. Information cards and their audit trail (Business Central tables
6504, 6505 and 6515: `SerialNoInformation.Table.al`, `LotNoInformation.Table.al`,
`PackageNoInformation.Table.al`).

A card holds what people record about one tracking number: a description, a comment and whether
it is blocked; a lot's card adds its test quality and the supplier's certificate number, a
package's card its country/region of origin and a certificate number. The rules:

- A number may be known (from postings) before anyone writes a card for it. Its card exists once
  it was created (`card_created_at` is set); creating it again is refused.
- `blocked` changes only through block and unblock, and each needs a reason. Blocking a blocked
  card or unblocking an unblocked one is refused.
- Every create, update, block and unblock makes exactly one audit entry: who, which fields
  changed from what to what, and why. Entries are only ever added, never changed.

Deliberate deviations from Business Central:
- A package is a physical container (like an SSCC) that may hold several items, so its card is
  keyed by the package number alone, not by item, variant and package number.
- Serial, lot and package numbers (Code[50]) keep the case they were given; item and variant
  codes are upper-cased as everywhere else.
- BC's Comment is a flag over separate comment lines; here it is the comment text itself.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from service.domain.cells import Printable
from service.domain.master_data import Code20, Strict, Text100
from service.errors import Conflict, NotFound

TrackingNo = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=50),
    Printable,
    Field(description="Up to 50 characters, case kept; URL-encode `/` in paths"),
]
VariantCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_upper=True, max_length=10),
    Printable,
    Field(description="The item variant; blank when none"),
]
BlankOrCode10 = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, max_length=10), Printable
]
BlankOrCode20 = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, max_length=20), Printable
]
Text250 = Annotated[str, StringConstraints(max_length=250)]
UserName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=50),
    Field(description="Who does this, for the audit trail"),
]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=250)]
TestQuality = Literal["", "Good", "Average", "Bad"]
AuditAction = Literal["create", "update", "block", "unblock"]


# The number that keys each kind of card.
class SerialNoKey(Strict):
    item_no: Code20
    variant_code: VariantCode = ""
    serial_no: TrackingNo


class LotNoKey(Strict):
    item_no: Code20
    variant_code: VariantCode = ""
    lot_no: TrackingNo


class PackageNoKey(Strict):
    package_no: TrackingNo


# What people edit. An update body names only the fields it changes.
class InfoCardFields(Strict):
    description: Text100 = ""
    comment: Text250 = ""


class LotNoFields(InfoCardFields):
    test_quality: TestQuality = ""
    certificate_number: BlankOrCode20 = Field(
        default="", description="The supplier's certificate that the lot meets its requirements"
    )


class PackageNoFields(InfoCardFields):
    country_region_code: BlankOrCode10 = ""
    certificate_number: BlankOrCode20 = ""


class ByUser(Strict):
    """Every change names the person making it."""

    user: UserName


class CardStock(Strict):
    """What a serial or lot number holds now, read with its card and never stored: Business
    Central's Inventory and Expired Inventory."""

    inventory: float = Field(
        default=0, description="Remaining quantity of its open entries, at every location"
    )
    expired_inventory: float = Field(
        default=0, description="Of the inventory, what is past its expiration date today"
    )


class ItemInventory(Strict):
    """What of one item and variant a package holds now."""

    item_no: str
    variant_code: str
    inventory: float = Field(description="Remaining quantity of its open entries in the package")
    expired_inventory: float = Field(
        description="Of the inventory, what is past its expiration date today"
    )


class PackageStock(Strict):
    """What a package holds now, per item on it, read with its card and never stored: Business
    Central's Inventory and Expired Inventory of the Package No. Information card (one card per
    item there). The same stock on-hand by package answers: what the package's containment holds
    at its location."""

    inventory: list[ItemInventory] = Field(default_factory=list)


class InfoCard(InfoCardFields):
    """A card as stored: `blocked` is set only by block and unblock."""

    blocked: bool = False
    card_created_at: datetime


# Request bodies (key fields first in the schema: pydantic orders fields from the last base).
class SerialNoInfoCreate(ByUser, InfoCardFields, SerialNoKey):
    pass


class LotNoInfoCreate(ByUser, LotNoFields, LotNoKey):
    pass


class PackageNoInfoCreate(ByUser, PackageNoFields, PackageNoKey):
    pass


class SerialNoInfoUpdate(ByUser, InfoCardFields):
    pass


class LotNoInfoUpdate(ByUser, LotNoFields):
    pass


class PackageNoInfoUpdate(ByUser, PackageNoFields):
    pass


class SerialNoInfo(CardStock, InfoCard, SerialNoKey):
    pass


class LotNoInfo(CardStock, InfoCard, LotNoFields, LotNoKey):
    pass


class PackageNoInfo(PackageStock, InfoCard, PackageNoFields, PackageNoKey):
    pass


class BlockRequest(ByUser):
    """Why a card is blocked or unblocked; required, so every block has its reason."""

    reason: Reason


class FieldChange(BaseModel):
    old: str | bool | None
    new: str | bool | None


class AuditEntry(BaseModel):
    """One action on a card: who, which fields changed (old and new value), why."""

    action: AuditAction
    user: str
    reason: str = ""
    changes: dict[str, FieldChange] = Field(default_factory=dict)


class AuditRecord(AuditEntry):
    """An audit entry as kept: numbered per card (1, 2, ...) and stamped by the database."""

    sequence: int
    at: datetime
    api_key_id: str | None = Field(default=None, description="The API key that acted")
    api_key_name: str | None = None


@dataclass(frozen=True)
class CardKind:
    """What tells the three kinds of card apart."""

    name: str  # in error codes: "serial-no-info-not-found"
    caption: str  # Business Central's table caption
    number_field: str  # the key field holding the tracking number
    number_word: str  # "item X serial Y"
    per_item: bool  # keyed by item and variant as well as the number
    create: type[ByUser]
    update: type[ByUser]
    card: type[InfoCard]

    @property
    def editable(self) -> list[str]:
        """The fields people edit on this kind of card."""
        return [name for name in self.update.model_fields if name != "user"]


SERIAL_NO = CardKind(
    name="serial-no",
    caption="Serial No. Information",
    number_field="serial_no",
    number_word="serial",
    per_item=True,
    create=SerialNoInfoCreate,
    update=SerialNoInfoUpdate,
    card=SerialNoInfo,
)
LOT = CardKind(
    name="lot",
    caption="Lot No. Information",
    number_field="lot_no",
    number_word="lot",
    per_item=True,
    create=LotNoInfoCreate,
    update=LotNoInfoUpdate,
    card=LotNoInfo,
)
PACKAGE = CardKind(
    name="package",
    caption="Package No. Information",
    number_field="package_no",
    number_word="package",
    per_item=False,
    create=PackageNoInfoCreate,
    update=PackageNoInfoUpdate,
    card=PackageNoInfo,
)


@dataclass(frozen=True)
class CardKey:
    """Which card: the number, and for serial and lot cards the item and variant."""

    no: str
    item_no: str = ""
    variant_code: str = ""


@dataclass(frozen=True)
class CardWrite:
    """What one action writes: the card's new field values and its one audit entry."""

    values: dict[str, Any]
    audit: AuditEntry


def key_of(kind: CardKind, values: BaseModel) -> CardKey:
    """The key of a create request or a card."""
    fields = values.model_dump(include={kind.number_field, "item_no", "variant_code"})
    return CardKey(
        no=fields[kind.number_field],
        item_no=fields.get("item_no", ""),
        variant_code=fields.get("variant_code", ""),
    )


def describe(kind: CardKind, key: CardKey) -> str:
    """`item 1000 serial SN1`, `item 1000 variant RED lot L1` or `package P1`."""
    if not kind.per_item:
        return f"{kind.number_word} {key.no}"
    variant = f" variant {key.variant_code}" if key.variant_code else ""
    return f"item {key.item_no}{variant} {kind.number_word} {key.no}"


def already_exists(kind: CardKind, key: CardKey) -> Conflict:
    return Conflict(
        f"{kind.caption} for {describe(kind, key)} already exists.", code="already-exists"
    )


def card_not_found(kind: CardKind, key: CardKey) -> NotFound:
    return NotFound(
        f"{kind.caption} for {describe(kind, key)} does not exist.",
        code=f"{kind.name}-info-not-found",
    )


def card_exists(stored: Mapping[str, Any]) -> bool:
    """A tracking number's card exists once it was created; postings alone make none."""
    return stored.get("card_created_at") is not None


def card_from_values(kind: CardKind, stored: Mapping[str, Any]) -> InfoCard:
    """The card among a number's stored values (postings keep other values beside it)."""
    return kind.card.model_validate(
        {k: v for k, v in stored.items() if k in kind.card.model_fields}
    )


def existing_card(kind: CardKind, key: CardKey, stored: Mapping[str, Any]) -> InfoCard:
    if not card_exists(stored):
        raise card_not_found(kind, key)
    return card_from_values(kind, stored)


def plan_create(kind: CardKind, request: ByUser, *, stored: Mapping[str, Any]) -> CardWrite:
    """A new card, unblocked; `stored` is what is known of the number already (maybe nothing)."""
    if card_exists(stored):
        raise already_exists(kind, key_of(kind, request))
    values = request.model_dump(exclude={"user"})
    changes = {name: FieldChange(old=None, new=values[name]) for name in kind.editable}
    audit = AuditEntry(action="create", user=request.user, changes=changes)
    return CardWrite(values={**values, "blocked": False}, audit=audit)


def plan_update(card: InfoCard, request: ByUser) -> CardWrite:
    """Change the fields the request names; the audit keeps those whose value really changed."""
    named = request.model_dump(include=request.model_fields_set - {"user"})
    changes = {
        name: FieldChange(old=getattr(card, name), new=value)
        for name, value in named.items()
        if getattr(card, name) != value
    }
    audit = AuditEntry(action="update", user=request.user, changes=changes)
    return CardWrite(values={name: change.new for name, change in changes.items()}, audit=audit)


def plan_block(kind: CardKind, card: InfoCard, request: BlockRequest) -> CardWrite:
    if card.blocked:
        raise Conflict(
            f"{kind.caption} for {describe(kind, key_of(kind, card))} is already blocked.",
            code="already-blocked",
        )
    return _blocked(True, request)


def plan_unblock(kind: CardKind, card: InfoCard, request: BlockRequest) -> CardWrite:
    if not card.blocked:
        raise Conflict(
            f"{kind.caption} for {describe(kind, key_of(kind, card))} is not blocked.",
            code="not-blocked",
        )
    return _blocked(False, request)


def _blocked(blocked: bool, request: BlockRequest) -> CardWrite:
    audit = AuditEntry(
        action="block" if blocked else "unblock",
        user=request.user,
        reason=request.reason,
        changes={"blocked": FieldChange(old=not blocked, new=blocked)},
    )
    return CardWrite(values={"blocked": blocked}, audit=audit)
