"""An EPCIS event as the graph stores it: its identifiers canonical, its vocabulary normalised.

The event itself is kept as captured (`raw`), so a query answers with what the partner sent;
the fields here are what queries filter on and what the mapping to postings reads.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from service.epcis.event_hash import event_hashes
from service.epcis.identifiers import Identifier, parse

EVENT_TYPES = (
    "ObjectEvent",
    "AggregationEvent",
    "TransactionEvent",
    "TransformationEvent",
    "AssociationEvent",
)
EPC_FIELDS = ("epcList", "childEPCs", "inputEPCList", "outputEPCList")
QUANTITY_FIELDS = ("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList")
_CBV = {
    "bizStep": "https://ref.gs1.org/cbv/BizStep-",
    "disposition": "https://ref.gs1.org/cbv/Disp-",
    "persistentDisposition": "https://ref.gs1.org/cbv/Disp-",
}
_CBV_TYPES = ("https://ref.gs1.org/cbv/BTT-", "https://ref.gs1.org/cbv/SDT-")
CBVMDA = ("cbvmda:", "urn:epcglobal:cbv:mda:", "https://ref.gs1.org/cbv/mda/")


def vocabulary(value: str) -> str:
    """A CBV value as its bare word (`shipping`), whichever form was sent; others as given."""
    for prefix in (*_CBV.values(), *_CBV_TYPES):
        if value.startswith(prefix):
            return value.removeprefix(prefix)
    return value


@dataclass(frozen=True)
class QuantityElement:
    epc_class: Identifier
    quantity: float | None
    uom: str


@dataclass(frozen=True)
class Party:
    """A source or destination: `type` is owning_party, possessing_party or location."""

    type: str
    id: Identifier


@dataclass
class Event:
    event_id: str
    event_type: str
    event_time: dt.datetime
    raw: dict[str, Any]
    action: str = ""
    biz_step: str = ""
    disposition: str = ""
    read_point: Identifier | None = None
    biz_location: Identifier | None = None
    parent: Identifier | None = None
    transformation_id: str = ""
    epcs: dict[str, list[Identifier]] = field(default_factory=dict)
    quantities: dict[str, list[QuantityElement]] = field(default_factory=dict)
    sources: list[Party] = field(default_factory=list)
    destinations: list[Party] = field(default_factory=list)
    biz_transactions: list[tuple[str, str]] = field(default_factory=list)
    ilmd: dict[str, Any] = field(default_factory=dict)
    hashed_id: bool = False  # sent without eventID: its ID is its CBV 2.0 hash

    def mda(self, name: str) -> Any:
        """An ILMD master-data attribute (`lotNumber`, `itemExpirationDate`) in any prefix form."""
        for prefix in CBVMDA:
            if (prefix + name) in self.ilmd:
                return self.ilmd[prefix + name]
        return self.ilmd.get(name)

    def identifiers(self) -> list[tuple[str, Identifier]]:
        """Every (field, identifier) a query can match, parentID included."""
        found = [(name, epc) for name, epcs in self.epcs.items() for epc in epcs]
        found += [(name, q.epc_class) for name, qs in self.quantities.items() for q in qs]
        if self.parent is not None:
            found.append(("parentID", self.parent))
        return found


def _location(value: Any) -> Identifier | None:
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return parse(value["id"])
    return None


def _quantity(element: dict[str, Any]) -> QuantityElement:
    quantity = element.get("quantity")
    return QuantityElement(
        parse(str(element["epcClass"])),
        float(quantity) if isinstance(quantity, int | float) else None,
        str(element.get("uom", "")),
    )


def _parties(values: Any, key: str) -> list[Party]:
    return [Party(vocabulary(str(v.get("type", ""))), parse(str(v[key])))
            for v in values or [] if isinstance(v, dict) and key in v]  # fmt: skip


def parse_event(raw: dict[str, Any]) -> Event:
    """The stored view of one schema-valid event; ValueError for an identifier that claims a
    GS1 form it does not have (a bad check digit, say)."""
    event_type = str(raw["type"])
    hashed = not raw.get("eventID")
    if hashed:  # stored with the ID it is captured under, so queries show it
        raw = {**raw, "eventID": event_hashes([raw], raw.get("@context"))[0]}
    event = Event(
        event_id=str(raw["eventID"]),
        event_type=event_type,
        event_time=dt.datetime.fromisoformat(str(raw["eventTime"])),
        raw=raw,
        action=str(raw.get("action", "")),
        biz_step=vocabulary(str(raw.get("bizStep", ""))),
        disposition=vocabulary(str(raw.get("disposition", ""))),
        read_point=_location(raw.get("readPoint")),
        biz_location=_location(raw.get("bizLocation")),
        parent=parse(str(raw["parentID"])) if raw.get("parentID") else None,
        transformation_id=str(raw.get("transformationID", "")),
        sources=_parties(raw.get("sourceList"), "source"),
        destinations=_parties(raw.get("destinationList"), "destination"),
        biz_transactions=[
            (vocabulary(str(b.get("type", ""))), str(b["bizTransaction"]))
            for b in raw.get("bizTransactionList") or []
            if isinstance(b, dict) and "bizTransaction" in b
        ],
        ilmd=dict(raw.get("ilmd") or {}),
        hashed_id=hashed,
    )
    for name in EPC_FIELDS:
        if raw.get(name):
            event.epcs[name] = [parse(str(v)) for v in raw[name]]
    for name in QUANTITY_FIELDS:
        if raw.get(name):
            event.quantities[name] = [_quantity(q) for q in raw[name] if "epcClass" in q]
    return event
