"""A native posting told as the EPCIS event a partner would have sent for it.

Numbers of an item with a GTIN become GS1 identifiers (SGTIN for a serial, LGTIN for a lot
quantity, the GTIN class for untracked quantities); an item without a GTIN gets a private URN,
`urn:tracegraph:item:{item}:serial:{serial}`, so nothing posted is left out of queries. A
package with an 18-digit number is an SSCC. Locations and partners with a GLN are SGLN/PGLN.

| document                   | event                                                        |
|----------------------------|--------------------------------------------------------------|
| purchase receipt           | ObjectEvent OBSERVE receiving, source owning_party the vendor |
| sales return receipt       | ObjectEvent OBSERVE receiving, source owning_party the customer |
| sales shipment             | ObjectEvent OBSERVE shipping, destination the customer      |
| purchase return shipment   | ObjectEvent OBSERVE shipping, destination the vendor        |
| positive adjustment        | ObjectEvent ADD commissioning, ILMD lot and expiration       |
| negative adjustment        | ObjectEvent DELETE decommissioning                           |
| transfer, reclassification | ObjectEvent OBSERVE shipping, source and destination locations |
| production, assembly       | TransformationEvent: consumption in, output out              |
| pack / unpack              | AggregationEvent ADD packing / DELETE unpacking              |
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from service.domain.containment import LotRef, LotToPack, PackageRef, SerialRef
from service.domain.postings import Document, LedgerEntry, PostingResult
from service.epcis.export import EPCIS_CONTEXT
from service.epcis.identifiers import gtin_class, lgtin, pgln, sgln, sgtin, sscc

_NAMESPACE = uuid.UUID("4f0c6b4e-2d0a-4c55-9a43-6f1f3c9a7d21")


@dataclass
class PostingKeys:
    """The GS1 keys of what a posting names: item GTINs, location/partner GLNs."""

    gtins: dict[str, str] = field(default_factory=dict)  # item no. -> GTIN-14
    location_glns: dict[str, str] = field(default_factory=dict)  # location code -> GLN
    customer_gln: str | None = None
    vendor_gln: str | None = None


def _private(kind: str, *parts: str) -> str:
    return "urn:tracegraph:" + kind + ":" + ":".join(quote(p, safe="") for p in parts)


def _serial(item_no: str, variant_code: str, serial_no: str, keys: PostingKeys) -> str:
    gtin = keys.gtins.get(item_no)
    if gtin and not variant_code:
        return sgtin(gtin, serial_no).canonical
    return _private("item", item_no, variant_code, "serial", serial_no)


def _class(item_no: str, variant_code: str, lot_no: str, keys: PostingKeys) -> str:
    gtin = keys.gtins.get(item_no)
    if gtin and not variant_code:
        return (lgtin(gtin, lot_no) if lot_no else gtin_class(gtin)).canonical
    if lot_no:
        return _private("item", item_no, variant_code, "lot", lot_no)
    return _private("item", item_no, variant_code)


def _place(code: str, keys: PostingKeys) -> str:
    gln = keys.location_glns.get(code)
    return sgln(gln).canonical if gln else _private("location", code)


def _party(gln: str | None, kind: str, no: str | None) -> str:
    return pgln(gln).canonical if gln else _private(kind, no or "")


def package_uri(package_no: str) -> str:
    if package_no.isdigit() and len(package_no) == 18:
        return sscc(package_no).canonical
    return _private("package", package_no)


def _objects(
    entries: list[LedgerEntry], keys: PostingKeys
) -> tuple[list[str], list[dict[str, Any]]]:
    """Serials as EPCs, lot and untracked quantities as quantity elements (summed per class)."""
    epcs: list[str] = []
    quantities: dict[str, float] = {}
    for entry in entries:
        if entry.serial_no:
            uri = _serial(entry.item_no, entry.variant_code, entry.serial_no, keys)
            if uri not in epcs:
                epcs.append(uri)
        else:
            uri = _class(entry.item_no, entry.variant_code, entry.lot_no, keys)
            quantities[uri] = round(quantities.get(uri, 0) + abs(entry.quantity), 5)
    return epcs, [{"epcClass": uri, "quantity": q} for uri, q in quantities.items()]


def _ilmd(entries: list[LedgerEntry]) -> dict[str, Any]:
    lots = sorted({e.lot_no for e in entries if e.lot_no})
    dates = sorted({e.expiration_date for e in entries if e.expiration_date})
    ilmd: dict[str, Any] = {}
    if len(lots) == 1:
        ilmd["cbvmda:lotNumber"] = lots[0]
    if len(dates) == 1:
        ilmd["cbvmda:itemExpirationDate"] = dates[0].isoformat()
    return ilmd


def event_id(document: Document) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{document.kind}/{document.document_no}')}"


def posting_event(document: Document, result: PostingResult, keys: PostingKeys) -> dict[str, Any]:
    """The EPCIS 2.0 event (JSON-LD) that tells what the posting did."""
    entries = result.entries
    outbound = [e for e in entries if e.quantity < 0]
    inbound = [e for e in entries if e.quantity > 0]
    event: dict[str, Any] = {
        "@context": [EPCIS_CONTEXT],
        "eventID": event_id(document),
        "eventTime": dt.datetime.combine(document.posting_date, dt.time(12), dt.UTC)
        .isoformat()
        .replace("+00:00", "Z"),
        "eventTimeZoneOffset": "+00:00",
        "bizTransactionList": [
            {
                "type": "desadv" if "shipment" in document.kind else "recadv",
                "bizTransaction": _private("document", document.kind, document.document_no),
            }
        ],
    }
    customer = _party(keys.customer_gln, "customer", document.customer_no)
    vendor = _party(keys.vendor_gln, "vendor", document.vendor_no)
    if document.kind in {"production", "assembly"}:
        event["type"] = "TransformationEvent"
        event["transformationID"] = _private("order", document.kind, document.order_no or "")
        event["bizStep"] = "commissioning" if document.kind == "production" else "assembling"
        for side, found in (("input", outbound), ("output", inbound)):
            epcs, quantities = _objects(found, keys)
            if epcs:
                event[f"{side}EPCList"] = epcs
            if quantities:
                event[f"{side}QuantityList"] = quantities
        if ilmd := _ilmd(inbound):
            event["ilmd"] = ilmd
        location = entries[0].location_code if entries else ""
        event["bizLocation"] = {"id": _place(location, keys)}
        return event
    event["type"] = "ObjectEvent"
    moved = inbound if document.kind in {"purchase_receipt", "sales_return_receipt",
                                         "positive_adjustment"} else outbound  # fmt: skip
    epcs, quantities = _objects(moved, keys)
    event["epcList"] = epcs
    if quantities:
        event["quantityList"] = quantities
    location = moved[0].location_code if moved else ""
    event["bizLocation"] = {"id": _place(location, keys)}
    if document.kind == "positive_adjustment":
        event.update(action="ADD", bizStep="commissioning", disposition="active")
        if ilmd := _ilmd(inbound):
            event["ilmd"] = ilmd
    elif document.kind == "negative_adjustment":
        event.update(action="DELETE", bizStep="decommissioning", disposition="inactive")
    elif document.kind in {"purchase_receipt", "sales_return_receipt"}:
        source = vendor if document.kind == "purchase_receipt" else customer
        sender = [{"type": "owning_party", "source": source}]
        event.update(action="OBSERVE", bizStep="receiving", disposition="in_progress",
                     sourceList=sender)  # fmt: skip
    elif document.kind in {"sales_shipment", "purchase_return_shipment"}:
        destination = customer if document.kind == "sales_shipment" else vendor
        receiver = [{"type": "owning_party", "destination": destination}]
        event.update(action="OBSERVE", bizStep="shipping", disposition="in_transit",
                     destinationList=receiver)  # fmt: skip
    else:
        arrived = inbound[0].location_code if inbound else location
        event.update(
            action="OBSERVE",
            bizStep="shipping" if arrived != location else "storing",
            disposition="in_progress",
            sourceList=[{"type": "location", "source": _place(location, keys)}],
            destinationList=[{"type": "location", "destination": _place(arrived, keys)}],
        )
    return event


def packing_event(
    package_no: str,
    contents: list[PackageRef | SerialRef | LotRef],
    *,
    unpack: bool,
    keys: PostingKeys,
    at: dt.datetime,
) -> dict[str, Any]:
    """The AggregationEvent a packing (ADD) or an unpacking (DELETE) stands for."""
    children: list[str] = []
    quantities: list[dict[str, Any]] = []
    for content in contents:
        if isinstance(content, PackageRef):
            children.append(package_uri(content.package_no))
            continue
        if isinstance(content, SerialRef):
            children.append(_serial(content.item_no, content.variant_code, content.serial_no, keys))
            continue
        element: dict[str, Any] = {
            "epcClass": _class(content.item_no, content.variant_code, content.lot_no, keys)
        }
        if isinstance(content, LotToPack):
            element["quantity"] = content.quantity
        quantities.append(element)
    event: dict[str, Any] = {
        "@context": [EPCIS_CONTEXT],
        "type": "AggregationEvent",
        "eventID": f"urn:uuid:{uuid.uuid4()}",
        "eventTime": at.astimezone(dt.UTC)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z"),
        "eventTimeZoneOffset": "+00:00",
        "parentID": package_uri(package_no),
        "action": "DELETE" if unpack else "ADD",
        "bizStep": "unpacking" if unpack else "packing",
    }
    if children:
        event["childEPCs"] = children
    if quantities:
        event["childQuantityList"] = quantities
    return event
