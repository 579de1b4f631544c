"""EPCIS 2.0 query parameters (the REST bindings' `GET /events` filters) and their meaning.

Several values in one parameter are pipe-delimited (`EQ_bizStep=shipping|receiving`) and any
one matching is enough; different parameters must all match. Identifiers may be EPC URNs or
Digital Links, and `urn:epc:idpat:sgtin:{company}.{item}.*` matches every serial of that GTIN.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from service.epcis.events import EVENT_TYPES, vocabulary
from service.epcis.identifiers import canonical, match_values

# Which event fields each MATCH_ parameter looks in (EPCIS 2.0, section 8.2.7.1).
MATCH_FIELDS: dict[str, tuple[str, ...]] = {
    "MATCH_epc": ("epcList", "childEPCs"),
    "MATCH_parentID": ("parentID",),
    "MATCH_inputEPC": ("inputEPCList",),
    "MATCH_outputEPC": ("outputEPCList",),
    "MATCH_anyEPC": ("epcList", "childEPCs", "inputEPCList", "outputEPCList", "parentID"),
    "MATCH_epcClass": ("quantityList", "childQuantityList"),
    "MATCH_inputEPCClass": ("inputQuantityList",),
    "MATCH_outputEPCClass": ("outputQuantityList",),
    "MATCH_anyEPCClass": (
        "quantityList",
        "childQuantityList",
        "inputQuantityList",
        "outputQuantityList",
    ),
}
EQ_FIELDS = {
    "EQ_action": "actions",
    "EQ_bizStep": "bizSteps",
    "EQ_disposition": "dispositions",
    "EQ_bizLocation": "bizLocations",
    "EQ_readPoint": "readPoints",
    "EQ_eventID": "eventIds",
    "EQ_transformationID": "transformationIds",
}
TIME_FIELDS = {
    "GE_eventTime": "geEventTime",
    "LT_eventTime": "ltEventTime",
    "GE_recordTime": "geRecordTime",
    "LT_recordTime": "ltRecordTime",
}
# Parameters named by a type (EQ_bizTransaction_po, EQ_source_owning_party, ...).
TYPED = ("EQ_bizTransaction_", "EQ_source_", "EQ_destination_")
CONTROLS = {"orderBy", "orderDirection", "eventCountLimit", "maxEventCount"}
SUPPORTED = {"eventType", *MATCH_FIELDS, *EQ_FIELDS, *TIME_FIELDS, *CONTROLS,
             *(f"{p}{{type}}" for p in TYPED)}  # fmt: skip


class QueryError(ValueError):
    """A query parameter the repository cannot answer; `parameter` names it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


@dataclass(frozen=True)
class IdentifierMatch:
    fields: tuple[str, ...]
    exact: tuple[str, ...]
    prefixes: tuple[str, ...]


@dataclass
class EventQuery:
    event_types: list[str] | None = None
    equals: dict[str, list[str]] = field(default_factory=dict)
    times: dict[str, dt.datetime] = field(default_factory=dict)
    matches: list[IdentifierMatch] = field(default_factory=list)
    # (type, values) per EQ_bizTransaction_ / EQ_source_ / EQ_destination_ parameter
    typed: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)
    order_by: str = "eventTime"
    descending: bool = False
    event_count_limit: int | None = None
    max_event_count: int | None = None

    def params(self) -> dict[str, Any]:
        """The Cypher parameters of `epcis/find_events`: null for every filter not asked for."""
        anchor = self.matches[0] if self.matches else None
        return {
            "eventTypes": self.event_types,
            **{name: self.equals.get(name) for name in EQ_FIELDS.values()},
            **{name: self.times.get(name) for name in TIME_FIELDS.values()},
            "anchorExact": list(anchor.exact) if anchor else None,
            "anchorPrefixes": list(anchor.prefixes) if anchor else [],
            "matches": [
                {"fields": list(m.fields), "exact": list(m.exact), "prefixes": list(m.prefixes)}
                for m in self.matches
            ],
            "bizTransactions": [{"type": t, "ids": ids}
                                for t, ids in self.typed.get("EQ_bizTransaction_", [])],
            "sources": [[f"{t} {v}" for v in ids] for t, ids in self.typed.get("EQ_source_", [])],
            "destinations": [[f"{t} {v}" for v in ids]
                             for t, ids in self.typed.get("EQ_destination_", [])],
            "orderBy": self.order_by,
            "descending": self.descending,
        }  # fmt: skip


def _values(parameter: str, raw: str) -> list[str]:
    values = [v.strip() for v in raw.split("|") if v.strip()]
    if not values:
        raise QueryError(parameter, f"{parameter} needs at least one value")
    return values


def _time(parameter: str, raw: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(raw.strip().replace(" ", "+"))
    except ValueError:
        raise QueryError(parameter, f"{parameter} must be an ISO 8601 date-time") from None
    if value.tzinfo is None:
        raise QueryError(parameter, f"{parameter} needs a time zone offset (Z or +hh:mm)")
    try:  # in UTC: Neo4j refused a year-1 time with a far offset (and answered nothing)
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise QueryError(parameter, f"{parameter} is before year 1 or after 9999 in UTC") from None


def _identifiers(parameter: str, raw: str) -> IdentifierMatch:
    exact: list[str] = []
    prefixes: list[str] = []
    classes = parameter.endswith("Class")
    for value in _values(parameter, raw):
        try:
            found, starts = match_values(value, classes=classes)
        except ValueError as exc:
            raise QueryError(parameter, f"{value}: {exc}") from None
        exact += found
        prefixes += starts
    return IdentifierMatch(MATCH_FIELDS[parameter], tuple(exact), tuple(prefixes))


def _count(parameter: str, raw: str) -> int:
    if not raw.strip().isdigit() or int(raw) < 1:
        raise QueryError(parameter, f"{parameter} must be a positive whole number")
    return int(raw)


def _control(query: EventQuery, parameter: str, raw: str) -> None:
    if parameter == "orderBy":
        if raw not in {"eventTime", "recordTime"}:
            raise QueryError(parameter, "orderBy takes eventTime or recordTime")
        query.order_by = raw
    elif parameter == "orderDirection":
        if raw not in {"ASC", "DESC"}:
            raise QueryError(parameter, "orderDirection takes ASC or DESC")
        query.descending = raw == "DESC"
    elif parameter == "eventCountLimit":
        query.event_count_limit = _count(parameter, raw)
    else:
        query.max_event_count = _count(parameter, raw)


def parse_query(parameters: dict[str, str]) -> EventQuery:
    """The query the parameters ask; QueryError for an unknown parameter or a bad value."""
    query = EventQuery()
    for parameter, raw in parameters.items():
        if parameter == "eventType":
            types = _values(parameter, raw)
            unknown = [t for t in types if t not in EVENT_TYPES and ":" not in t]
            if unknown:
                raise QueryError(parameter, f"unknown event type {unknown[0]}")
            query.event_types = types
        elif parameter in MATCH_FIELDS:
            query.matches.append(_identifiers(parameter, raw))
        elif parameter in EQ_FIELDS:
            values = _values(parameter, raw)
            if parameter in {"EQ_bizStep", "EQ_disposition"}:
                values = [vocabulary(v) for v in values]
            elif parameter in {"EQ_bizLocation", "EQ_readPoint"}:
                try:
                    values = [canonical(v) for v in values]
                except ValueError as exc:
                    raise QueryError(parameter, str(exc)) from None
            query.equals[EQ_FIELDS[parameter]] = values
        elif parameter in TIME_FIELDS:
            query.times[TIME_FIELDS[parameter]] = _time(parameter, raw)
        elif typed := next((p for p in TYPED if parameter.startswith(p)), None):
            kind = vocabulary(parameter.removeprefix(typed))
            values = _values(parameter, raw)
            if typed != "EQ_bizTransaction_":
                try:
                    values = [canonical(v) for v in values]
                except ValueError as exc:
                    raise QueryError(parameter, str(exc)) from None
            query.typed.setdefault(typed, []).append((kind, values))
        elif parameter in CONTROLS:
            _control(query, parameter, raw)
        else:
            raise QueryError(
                parameter,
                f"{parameter} is not a query parameter this repository answers; "
                f"supported: {', '.join(sorted(SUPPORTED))}, perPage, nextPageToken",
            )
    return query
