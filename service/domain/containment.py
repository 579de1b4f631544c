"""Containment: a package holds lots, serial numbers and other packages (pallet > carton > lot >
serial), packed and unpacked with time stamps, its history kept.

The rules, decided here on what the graph read inside the packing transaction:

- A package cannot be packed into itself, nor into a package inside it at any depth (a cycle):
  packing CARTON1 into PALLET1 is refused while PALLET1 is inside CARTON1.
- One parent at a time: a serial number or package already in a package must be unpacked
  before it is packed anywhere else. A lot may lie in several packages, a part in each (packing
  more of it into a package it is in already is refused: unpack that part first); together they
  never exceed what is on hand (`check_stock`).
- Only what is in a package can be unpacked from it.
- Lots and serial numbers must be known (posted, or given an information card) before they are
  packed; package numbers may be new.
- A package holds only stock on hand at its own location (`check_stock`): a serial number on
  hand there, at most the quantity of a lot on hand there and not packed elsewhere, a package at
  the same location. The package's location is where what it holds (or what holds it) is; an
  empty package takes the location its contents are on hand at (or the one the request names).
- A request names each lot, serial number or package once; a list with a bad entry changes
  nothing (all or nothing).

A serial number belongs to its lot (`IN_LOT`, written by postings): inside a packed lot are the
serial numbers of that lot that are not themselves packed somewhere.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
)

from service.domain.info_cards import ByUser, TrackingNo, VariantCode
from service.domain.master_data import Code10, Code20
from service.domain.quantities import to_bc_precision
from service.errors import Conflict, InvalidInput, NotFound

Quantity = Annotated[
    float,
    Field(gt=0, le=1e9, strict=True, allow_inf_nan=False,
          description="The packed quantity of the lot"),
    AfterValidator(to_bc_precision),
]  # fmt: skip
ContentKind = Literal["package", "lot", "serial"]
MAX_CONTENTS = 1000


class _Ref(BaseModel):
    """A lot, serial number or package, named by its key. Frozen, so it keys dicts and sets."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PackageRef(_Ref):
    kind: Literal["package"] = "package"
    package_no: TrackingNo


class SerialRef(_Ref):
    kind: Literal["serial"] = "serial"
    item_no: Code20
    variant_code: VariantCode = ""
    serial_no: TrackingNo


class LotRef(_Ref):
    kind: Literal["lot"] = "lot"
    item_no: Code20
    variant_code: VariantCode = ""
    lot_no: TrackingNo


class LotToPack(LotRef):
    """A lot to pack, with how much of it goes in."""

    quantity: Quantity


Ref = PackageRef | SerialRef | LotRef


def _which(value: Any) -> str | None:
    """Which kind of content a body names: the number field present decides."""
    if isinstance(value, dict):
        fields = value
    elif isinstance(value, BaseModel):
        fields = value.__dict__
    else:
        return None  # not an object: the union's own error names it
    for field, tag in (("package_no", "package"), ("serial_no", "serial"), ("lot_no", "lot")):
        if field in fields:
            return tag
    return None


PackContent = Annotated[
    Annotated[PackageRef, Tag("package")]
    | Annotated[SerialRef, Tag("serial")]
    | Annotated[LotToPack, Tag("lot")],
    Discriminator(
        _which,
        custom_error_type="content-kind",
        custom_error_message="Name a package_no, a serial_no or a lot_no",
    ),
]
UnpackContent = Annotated[
    Annotated[PackageRef, Tag("package")]
    | Annotated[SerialRef, Tag("serial")]
    | Annotated[LotRef, Tag("lot")],
    Discriminator(
        _which,
        custom_error_type="content-kind",
        custom_error_message="Name a package_no, a serial_no or a lot_no",
    ),
]


class PackRequest(ByUser):
    contents: list[PackContent] = Field(min_length=1, max_length=MAX_CONTENTS)
    location_code: Code10 | None = Field(
        default=None,
        description="Where the package is; needed only for an empty package whose contents are "
        "on hand at more than one location",
    )


class UnpackRequest(ByUser):
    """Either the contents to take out, or `all: true` to empty the package (one level: what
    is in a carton taken out of a pallet stays in the carton)."""

    contents: list[UnpackContent] | None = Field(
        default=None, min_length=1, max_length=MAX_CONTENTS
    )
    all: bool = Field(default=False, validate_default=True)

    @field_validator("all", mode="after")
    @classmethod
    def _contents_or_all(cls, value: bool, info: ValidationInfo) -> bool:
        if "contents" not in info.data:  # contents itself was invalid and is reported
            return value
        named = info.data["contents"] is not None
        if value and named:
            raise ValueError("Give either contents or all, not both")
        if not value and not named:
            raise ValueError("Name the contents to unpack, or set all to true")
        return value


def ref_of(content: Ref) -> Ref:
    """The key of a content, without the quantity a lot is packed with."""
    if isinstance(content, LotToPack):
        return LotRef(item_no=content.item_no, variant_code=content.variant_code,
                      lot_no=content.lot_no)  # fmt: skip
    return content


def quantity_of(content: Ref) -> float:
    return content.quantity if isinstance(content, LotToPack) else 1


def describe(ref: Ref) -> str:
    """`Package P1`, `Lot L1 of item 1000` or `Serial number S1 of item 1000 variant RED`."""
    if isinstance(ref, PackageRef):
        return f"Package {ref.package_no}"
    variant = f" variant {ref.variant_code}" if ref.variant_code else ""
    if isinstance(ref, LotRef):
        return f"Lot {ref.lot_no} of item {ref.item_no}{variant}"
    return f"Serial number {ref.serial_no} of item {ref.item_no}{variant}"


def package_not_found(package_no: str) -> NotFound:
    return NotFound(f"Package {package_no} does not exist.", code="package-not-found")


def number_not_found(ref: Ref) -> NotFound:
    return NotFound(f"{describe(ref)} does not exist.", code=f"{ref.kind}-not-found")


# What the graph knows of each named content: the packages it is in now (none: empty; a lot may be
# in several, each part at most what is free of it); a content missing is not a node at all.
Parents = Mapping[Ref, Sequence[str]]


def check_pack(
    package_no: str, contents: Sequence[Ref], *, parents: Parents, chain: Sequence[str]
) -> None:
    """Refuse packing `contents` into `package_no` unless every rule holds. `chain` is the
    package's current parents upward (the package it is in, that one's parent, ...)."""
    refs = _distinct(contents)
    _all_known(refs, parents)
    for ref in refs:
        if isinstance(ref, PackageRef):
            _no_cycle(ref.package_no, package_no, chain)
    for ref in refs:
        held_by = parents.get(ref, ())
        if isinstance(ref, LotRef):  # parts of a lot may lie in several packages
            held_by = [p for p in held_by if p == package_no]
        if held_by:
            raise Conflict(
                f"{describe(ref)} is already in package {held_by[0]}; unpack it first.",
                code="already-packed",
            )


# Where each named content is on hand now and how much of it is free to pack there: location code
# -> quantity (a serial number: 1 where it is on hand; a package: 1 where it is, nothing when it
# is empty and so nowhere).
Stock = Mapping[Ref, Mapping[str, float]]


def check_stock(
    contents: Sequence[PackContent],
    *,
    stock: Stock,
    package_location: str | None,
    requested: str | None,
) -> str | None:
    """The location the package holds its contents at, once every content is on hand there in
    the quantity packed; raises Conflict `not-on-hand` naming the number and what is available,
    or InvalidInput when an empty package's location cannot be told."""
    if package_location is not None and requested is not None and requested != package_location:
        raise Conflict(
            f"The package is at location {package_location}, not {requested}.",
            code="package-elsewhere",
        )
    location = package_location or requested
    if location is None:
        located = [
            set(stock.get(ref_of(c), {}))
            for c in contents
            if not isinstance(c, PackageRef) or stock.get(c)
        ]
        common = set.intersection(*located) if located else set()
        if len(common) > 1:
            raise InvalidInput(
                "The contents are on hand at locations "
                + ", ".join(sorted(common))
                + "; name the package's location_code.",
                field="location_code",
            )
        location = next(iter(common), None)
    for content in contents:
        ref = ref_of(content)
        here = stock.get(ref, {})
        if isinstance(ref, PackageRef):
            if here and location not in here:
                raise Conflict(
                    f"Package {ref.package_no} is at location {next(iter(sorted(here)))}"
                    f"{f', not {location}' if location else ''}.",
                    code="package-elsewhere",
                )
            continue
        wanted = quantity_of(content)
        available = here.get(location, 0.0) if location is not None else 0.0
        if available + 1e-9 < wanted:
            at = f" at location {location}" if location else ""
            raise Conflict(
                f"{describe(ref)}: {wanted:g} to pack, {available:g} on hand{at} and not "
                "packed elsewhere.",
                code="not-on-hand",
            )
    return location


def check_unpack(package_no: str, contents: Sequence[Ref], *, parents: Parents) -> None:
    """Refuse unpacking `contents` from `package_no` unless each is in it now."""
    refs = _distinct(contents)
    _all_known([r for r in refs if not isinstance(r, PackageRef)], parents)
    for ref in refs:
        held_by = parents.get(ref, ())
        if package_no not in held_by:
            where = f"; it is in package {', '.join(held_by)}" if held_by else ""
            raise Conflict(
                f"{describe(ref)} is not in package {package_no}{where}.", code="not-in-package"
            )


def _distinct(contents: Sequence[Ref]) -> list[Ref]:
    refs = [ref_of(c) for c in contents]
    seen: set[Ref] = set()
    for index, ref in enumerate(refs):
        if ref in seen:
            raise InvalidInput(
                f"{describe(ref)} is listed more than once.",
                field=f"contents.{index}",
                code="listed-twice",
            )
        seen.add(ref)
    return refs


def _all_known(refs: Iterable[Ref], parents: Parents) -> None:
    """Lots and serial numbers must exist; package numbers may be new (they are created)."""
    missing = [r for r in refs if r not in parents and not isinstance(r, PackageRef)]
    if len(missing) == 1:
        raise number_not_found(missing[0])
    if missing:
        named = "; ".join(describe(r) for r in missing)
        raise NotFound(f"These do not exist: {named}.", code="contents-not-found")


def _no_cycle(child_no: str, package_no: str, chain: Sequence[str]) -> None:
    if child_no == package_no:
        raise Conflict(
            f"Package {child_no} cannot be packed into itself.", code="containment-cycle"
        )
    if child_no in chain:
        raise Conflict(
            f"Package {child_no} cannot be packed into {package_no} because {package_no} is "
            f"inside {child_no}.",
            code="containment-cycle",
        )


# Reads.


@dataclass(frozen=True)
class ContainedRow:
    """One thing inside a package, at any depth: what it is, what holds it (a package, or for a
    serial number not packed itself, its lot), how much, and when and by whom it was packed
    (None for a serial number that is inside only through its lot)."""

    content: Ref
    parent: PackageRef | LotRef
    quantity: float
    packed_at: datetime | None
    packed_by: str | None


class _Contained(BaseModel):
    quantity: float
    packed_at: datetime | None = Field(description="None for a serial number inside its lot")
    packed_by: str | None


class ContainedSerial(_Contained, SerialRef):
    contents: list["Contained"] = Field(default_factory=list)


class ContainedLot(_Contained, LotRef):
    contents: list["Contained"] = Field(default_factory=list)


class ContainedPackage(_Contained, PackageRef):
    contents: list["Contained"] = Field(default_factory=list)


Contained = Annotated[
    ContainedPackage | ContainedLot | ContainedSerial, Field(discriminator="kind")
]


for _model in (ContainedPackage, ContainedLot, ContainedSerial):
    _model.model_rebuild()


class PackageContents(BaseModel):
    """A package and everything in it now, as a tree."""

    package_no: str
    contents: list[Contained]


_KIND_ORDER = {"package": 0, "lot": 1, "serial": 2}
_CONTAINED: dict[str, type[ContainedPackage] | type[ContainedLot] | type[ContainedSerial]] = {
    "package": ContainedPackage,
    "lot": ContainedLot,
    "serial": ContainedSerial,
}
_REFS: dict[str, type[PackageRef] | type[SerialRef] | type[LotRef]] = {
    "package": PackageRef,
    "lot": LotRef,
    "serial": SerialRef,
}


def _sort_key(ref: Ref) -> tuple[Any, ...]:
    if isinstance(ref, PackageRef):
        return (0, ref.package_no)
    number = ref.lot_no if isinstance(ref, LotRef) else ref.serial_no
    return (_KIND_ORDER[ref.kind], ref.item_no, ref.variant_code, number)


def contents_tree(package_no: str, rows: Iterable[ContainedRow]) -> PackageContents:
    """The rows of one package's contents, nested under their parents: packages first, then
    lots, then serial numbers, each by number."""
    children: dict[Ref, list[ContainedRow]] = {}
    for row in rows:
        children.setdefault(row.parent, []).append(row)

    def build(parent: Ref, above: frozenset[Ref]) -> list[Contained]:
        below = sorted(children.get(parent, []), key=lambda r: _sort_key(r.content))
        inside = above | {parent}  # a guard only: the rules never let a cycle be written
        return [_node(r, build(r.content, inside)) for r in below if r.content not in inside]

    top = PackageRef(package_no=package_no)
    return PackageContents(package_no=package_no, contents=build(top, frozenset()))


def _node(row: ContainedRow, contents: list[Contained]) -> Contained:
    values = {
        **row.content.model_dump(),
        "quantity": row.quantity,
        "packed_at": row.packed_at,
        "packed_by": row.packed_by,
        "contents": contents,
    }
    return _CONTAINED[row.content.kind].model_validate(values)


class HistoryEntry(BaseModel):
    """One packing of something into a package, and its unpacking once it was taken out."""

    content: Annotated[Ref, Field(discriminator="kind")]
    quantity: float
    packed_at: datetime
    packed_by: str
    unpacked_at: datetime | None
    unpacked_by: str | None


class ContainmentChain(BaseModel):
    """Where something is: what holds it, what holds that, ... up to the outermost package."""

    of: Annotated[Ref, Field(discriminator="kind")]
    chain: list[Annotated[PackageRef | LotRef, Field(discriminator="kind")]]


def ref_from_values(kind: str, values: Mapping[str, Any]) -> Ref:
    """A reference from a node's key values (snake_case), given its kind."""
    model = _REFS[kind]
    return model.model_validate({k: v for k, v in values.items() if k in model.model_fields})
