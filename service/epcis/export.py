"""Events as an EPCISQueryDocument: the answer to a query, or a trace or recall exported."""

import datetime as dt
from typing import Any

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
JSON_LD = "application/ld+json"


def query_document(
    event_list: list[dict[str, Any]], *, query_name: str = "SimpleEventQuery"
) -> dict[str, Any]:
    """The events (each keeping its own @context) inside an EPCIS 2.0 query document."""
    created = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return {
        "@context": [EPCIS_CONTEXT],
        "type": "EPCISQueryDocument",
        "schemaVersion": "2.0",
        "creationDate": created,
        "epcisBody": {
            "queryResults": {"queryName": query_name, "resultsBody": {"eventList": event_list}}
        },
    }
