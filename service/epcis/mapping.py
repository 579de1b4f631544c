"""What an EPCIS event does to our stock: the postings and packings it stands for.

Only objects of our own items move stock; an item is found by its GTIN. Everything else an event
names (a partner's products, sensor readings, assets) is stored with the event and queryable, but
moves nothing. For our items the mapping is:

- ObjectEvent ADD (commissioning): a positive adjustment at the business location, or a
  purchase receipt when a source owning party is one of our vendors; the ILMD lot number and
  expiration date go on the new numbers.
- ObjectEvent OBSERVE, shipping: a sales shipment to the destination customer, a purchase return
  to the destination vendor, or a transfer to the destination location of ours.
- ObjectEvent OBSERVE, receiving: a purchase receipt from the source vendor, a sales return
  receipt from the source customer. From a location of ours it is the arrival of a transfer
  posted when it left, and moves nothing.
- ObjectEvent DELETE (decommissioning): a negative adjustment.
- AggregationEvent ADD / DELETE: pack into / unpack from the parent (an SSCC is its 18 digits).
- TransformationEvent: production, inputs consumed and outputs produced.
- TransactionEvent, and other business steps: nothing moves; the event links its business
  transactions.

Locations, customers and vendors are found by GLN (`bizLocation`, then `readPoint`; source and
destination lists). An event that names our items but not where they are, or a quantity of our
lot with no quantity, is refused with the reason.
"""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from pydantic import ValidationError

from service.domain.containment import LotToPack, PackageRef, SerialRef
from service.domain.postings import (
    Document,
    DocumentKind,
    LineType,
    PackageMove,
    PostingLine,
    TrackingLine,
)
from service.epcis.events import Event
from service.epcis.identifiers import Identifier
from service.errors import Conflict, InvalidInput

SHIPPING_STEPS = {"shipping", "departing", "returning"}
RECEIVING_STEPS = {"receiving", "arriving", "accepting"}


@dataclass
class Directory:
    """Our master data as the event's GS1 keys find it."""

    items: dict[str, str] = field(default_factory=dict)  # GTIN-14 -> item no.
    locations: dict[str, str] = field(default_factory=dict)  # GLN -> location code
    customers: dict[str, str] = field(default_factory=dict)  # GLN -> customer no.
    vendors: dict[str, str] = field(default_factory=dict)  # GLN -> vendor no.
    # (item, serial) -> its lot ("" if none), for every serial of ours the event names that exists
    serial_lots: dict[tuple[str, str], str] = field(default_factory=dict)
    packages: set[str] = field(default_factory=set)  # package numbers that exist


@dataclass(frozen=True)
class Packing:
    """Pack into, or unpack from, a package (`unpack_all` empties it one level down)."""

    package_no: str
    contents: list[PackageRef | SerialRef | LotToPack]
    unpack: bool = False
    unpack_all: bool = False


Action = Document | Packing


@dataclass(frozen=True)
class _Unit:
    item_no: str
    serial_no: str | None
    lot_no: str | None
    quantity: float | None  # None: an item quantity with no tracking


def document_no(event_id: str) -> str:
    """The document number a captured event posts under (20 characters, stable per event)."""
    return "EP" + hashlib.sha256(event_id.encode()).hexdigest()[:18].upper()


def _expiration(event: Event) -> dt.date | None:
    value = event.mda("itemExpirationDate") or event.mda("bestBeforeDate")
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        raise InvalidInput(f"ILMD expiration date {value!r} is not a date", field="ilmd") from None


def _units(
    event: Event,
    epc_field: str,
    quantity_field: str,
    d: Directory,
    lot_from_ilmd: bool,
    must_exist: bool = False,
) -> list[_Unit]:
    ilmd_lot = str(event.mda("lotNumber") or "") or None if lot_from_ilmd else None
    units = []
    for epc in event.epcs.get(epc_field, []):
        item_no = d.items.get(epc.gtin) if epc.kind == "sgtin" else None
        if item_no is not None:
            if must_exist and (item_no, epc.serial) not in d.serial_lots:
                raise Conflict(
                    f"Serial No. {epc.serial} of item {item_no} ({epc.canonical}) was never "
                    "received or produced here, so it cannot leave or be used.",
                    code="unknown-serial",
                )
            lot = ilmd_lot or d.serial_lots.get((item_no, epc.serial)) or None
            units.append(_Unit(item_no, epc.serial, lot, 1))
    for element in event.quantities.get(quantity_field, []):
        item_no = d.items.get(element.epc_class.gtin) if element.epc_class.gtin else None
        if item_no is None or element.epc_class.kind not in {"lgtin", "gtin"}:
            continue
        if element.quantity is None:
            raise InvalidInput(
                f"{element.epc_class.canonical} is our item {item_no}: give its quantity",
                field=quantity_field,
            )
        lot = element.epc_class.lot or ilmd_lot
        units.append(_Unit(item_no, None, lot, element.quantity))
    return units


def _lines(
    units: list[_Unit],
    location_code: str,
    expiration: dt.date | None,
    line_type: LineType | None = None,
    new_location_code: str | None = None,
) -> list[PostingLine]:
    by_item: dict[str, list[_Unit]] = defaultdict(list)
    for unit in units:
        by_item[unit.item_no].append(unit)
    lines = []
    for item_no, group in sorted(by_item.items()):
        tracked = [u for u in group if u.serial_no or u.lot_no]
        tracking = [
            TrackingLine(
                serial_no=u.serial_no,
                lot_no=u.lot_no,
                quantity=u.quantity or 1,
                expiration_date=expiration,
            )
            for u in tracked
        ]
        lines.append(
            PostingLine(
                type=line_type,
                item_no=item_no,
                location_code=location_code,
                new_location_code=new_location_code,
                quantity=round(sum(u.quantity or 0 for u in group), 5),
                tracking=tracking if len(tracked) == len(group) else [],
            )
        )
    return lines


def _our_location(event: Event, d: Directory) -> str:
    for place in (event.biz_location, event.read_point):
        if place is not None and place.gln in d.locations:
            return d.locations[place.gln]
    named = event.biz_location or event.read_point
    raise InvalidInput(
        f"The event names our items but its location {named.canonical if named else '(none)'} "
        "is none of ours: give the location its GLN, or send bizLocation.",
        field="bizLocation",
    )


def _party(parties: list[Identifier], directory: dict[str, str]) -> str | None:
    return next((directory[p.gln] for p in parties if p.gln in directory), None)


def _document(
    event: Event,
    kind: DocumentKind,
    lines: list[PostingLine],
    *,
    customer_no: str | None = None,
    vendor_no: str | None = None,
    order_no: str | None = None,
    packages: list[PackageMove] | None = None,
) -> Document:
    first = next(iter(event.biz_transactions), ("", ""))[1]
    return Document(
        kind=kind,
        document_no=document_no(event.event_id),
        posting_date=event.event_time.date(),
        external_document_no=first[-35:],
        lines=lines,
        customer_no=customer_no,
        vendor_no=vendor_no,
        order_no=order_no,
        packages=packages or [],
    )


def _packages(event: Event, d: Directory) -> list[str]:
    """The packages of ours (SSCCs) the event's epcList names: they move with their contents."""
    return [
        e.sscc for e in event.epcs.get("epcList", []) if e.kind == "sscc" and e.sscc in d.packages
    ]


def _object_event(event: Event, d: Directory) -> list[Action]:
    adds = event.action == "ADD"
    # Only what leaves must be on hand: an observation that moves nothing (no bizStep,
    # inspecting, ...) never refuses its document.
    leaves = event.action == "DELETE" or (
        event.action == "OBSERVE" and event.biz_step in SHIPPING_STEPS
    )
    units = _units(event, "epcList", "quantityList", d, lot_from_ilmd=adds, must_exist=leaves)
    packages = [] if adds else _packages(event, d)
    if not units and not packages:
        return []
    owners = [p.id for p in event.sources if p.type in {"owning_party", "possessing_party"}]
    receivers = [p.id for p in event.destinations if p.type in {"owning_party", "possessing_party"}]
    if adds or event.biz_step in RECEIVING_STEPS:
        if not units:
            return []  # a package of ours arriving: its contents were posted when they came in
        lines = _lines(units, _our_location(event, d), _expiration(event))
        if vendor := _party(owners, d.vendors):
            return [_document(event, "purchase_receipt", lines, vendor_no=vendor)]
        if customer := _party(owners, d.customers):
            return [_document(event, "sales_return_receipt", lines, customer_no=customer)]
        return [_document(event, "positive_adjustment", lines)] if adds else []
    if event.action == "DELETE":
        location = _our_location(event, d)
        moves = [PackageMove(package_no=p, location_code=location) for p in packages]
        lines = _lines(units, location, None)
        return [_document(event, "negative_adjustment", lines, packages=moves)]
    if event.biz_step in SHIPPING_STEPS:
        return _shipping(event, d, units, packages, receivers)
    return []


def _shipping(
    event: Event,
    d: Directory,
    units: list[_Unit],
    packages: list[str],
    receivers: list[Identifier],
) -> list[Action]:
    source_places = [p.id for p in event.sources if p.type == "location"]
    from_location = _party(source_places, d.locations) or _our_location(event, d)
    moves = [PackageMove(package_no=p, location_code=from_location) for p in packages]
    lines = _lines(units, from_location, None)
    if customer := _party(receivers, d.customers):
        return [_document(event, "sales_shipment", lines, customer_no=customer, packages=moves)]
    if vendor := _party(receivers, d.vendors):
        return [
            _document(event, "purchase_return_shipment", lines, vendor_no=vendor, packages=moves)
        ]
    places = [p.id for p in event.destinations if p.type == "location"]
    to_location = _party(places, d.locations)
    if to_location is not None and to_location != from_location:
        lines = _lines(units, from_location, None, new_location_code=to_location)
        moves = [m.model_copy(update={"new_location_code": to_location}) for m in moves]
        return [_document(event, "transfer", lines, packages=moves)]
    raise InvalidInput(
        "A shipping event of our items needs a destination we know: a customer or vendor GLN "
        "(owning_party) or another location of ours (location).",
        field="destinationList",
    )


def _transformation(event: Event, d: Directory) -> list[Action]:
    inputs = _units(
        event, "inputEPCList", "inputQuantityList", d, lot_from_ilmd=False, must_exist=True
    )
    outputs = _units(event, "outputEPCList", "outputQuantityList", d, lot_from_ilmd=True)
    if not inputs and not outputs:
        return []
    location = _our_location(event, d)
    lines = _lines(inputs, location, None, "consumption") + _lines(
        outputs, location, _expiration(event), "output"
    )
    order = document_no(event.transformation_id or event.event_id)
    return [_document(event, "production", lines, order_no=order)]


def _package_no(identifier: Identifier) -> str:
    value = identifier.sscc or identifier.canonical
    if len(value) > 50:
        raise InvalidInput(f"{value} is too long for a package number (50)", field="parentID")
    return value


def _aggregation(event: Event, d: Directory) -> list[Action]:
    if event.parent is None or event.action not in {"ADD", "DELETE"}:
        return []
    unpack = event.action == "DELETE"
    contents: list[PackageRef | SerialRef | LotToPack] = []
    for unit in _units(event, "childEPCs", "childQuantityList", d, lot_from_ilmd=False):
        if unit.serial_no:
            contents.append(SerialRef(item_no=unit.item_no, serial_no=unit.serial_no))
        elif unit.lot_no and unit.quantity:
            contents.append(
                LotToPack(item_no=unit.item_no, lot_no=unit.lot_no, quantity=unit.quantity)
            )
    for child in event.epcs.get("childEPCs", []):
        if child.kind == "sscc" and (contents or child.sscc in d.packages):
            contents.append(PackageRef(package_no=child.sscc))
    everything = not event.epcs.get("childEPCs") and not event.quantities.get("childQuantityList")
    if unpack and everything:  # DELETE with no children: empty the package
        known = event.parent.sscc or event.parent.canonical
        return [Packing(known, [], unpack=True, unpack_all=True)] if known in d.packages else []
    return [Packing(_package_no(event.parent), contents, unpack=unpack)] if contents else []


def actions_for(event: Event, directory: Directory) -> list[Action]:
    """The postings and packings the event stands for, in order; [] when it moves nothing."""
    try:
        if event.event_type == "ObjectEvent":
            return _object_event(event, directory)
        if event.event_type == "TransformationEvent":
            return _transformation(event, directory)
        if event.event_type == "AggregationEvent":
            return _aggregation(event, directory)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise InvalidInput(
            f"Our item's numbers in this event do not fit a posting: {where}: {error['msg']}",
            field="",
        ) from None
    return []
