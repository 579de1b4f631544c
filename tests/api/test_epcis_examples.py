"""GS1's official EPCIS 2.0 examples (tests/fixtures/epcis, see its MANIFEST.tsv): every
schema-valid document captures, what it names is found again by query, the bare events capture
one by one, and the invalid documents are refused with a pointer to the fault."""

import csv
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.epcis.events import EPC_FIELDS, QUANTITY_FIELDS
from service.epcis.validation import schema_faults

EXAMPLES = Path(__file__).parents[1] / "fixtures" / "epcis"
MANIFEST = list(
    csv.DictReader((EXAMPLES / "MANIFEST.tsv").read_text("utf-8").splitlines(), delimiter="\t")
)
DOCUMENTS = [
    r["path"]
    for r in MANIFEST
    if r["document_kind"] == "EPCISDocument" and r["schema_2.0_check"] == "valid"
]
BARE_EVENTS = [r["path"] for r in MANIFEST if r["document_kind"] == "bare-event"]
SIMPLE = "JSON-simple-context/"
INVALID = {
    f"{SIMPLE}Example-TransactionEvents-2020_07_03y.jsonld": "/epcisBody/eventList/1/sourceList",
    f"{SIMPLE}WithFullCombinationOfFields/object_event_all_possible_fields.jsonld": (
        "/epcisBody/eventList/0/ilmd"
    ),
    f"{SIMPLE}WithSensorData/SensorDataExample12.jsonld": "",
    f"{SIMPLE}WithSensorData/SensorDataExample17.jsonld": "/schemaVersion",
    "XML/WithEventHashID/event_with_identical_hash_id_7.json": "/epcisBody/eventList/0/disposition",
}
LD = {"Content-Type": "application/ld+json"}


def _load(path: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EXAMPLES / path).read_text(encoding="utf-8"))
    return loaded


def _named(event: dict[str, Any]) -> list[tuple[str, str]]:
    """(query parameter, value) for every identifier the event names."""
    found = [("MATCH_anyEPC", epc) for name in EPC_FIELDS for epc in event.get(name, [])]
    found += [("MATCH_anyEPCClass", q["epcClass"])
              for name in QUANTITY_FIELDS for q in event.get(name, [])]  # fmt: skip
    if "parentID" in event:
        found.append(("MATCH_parentID", event["parentID"]))
    return found


async def _query(client: httpx.AsyncClient, **params: str) -> list[dict[str, Any]]:
    response = await client.get("/v1/epcis/events", params={"perPage": "1000", **params})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/ld+json")
    body: dict[str, Any] = response.json()
    assert not schema_faults(body), "the answer is itself a valid EPCISQueryDocument"
    events: list[dict[str, Any]] = body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    return events


def test_the_manifest_counts_what_the_issue_counts() -> None:
    assert (len(DOCUMENTS), len(BARE_EVENTS), len(INVALID)) == (88, 5, 5)


@pytest.mark.parametrize("path", DOCUMENTS)
async def test_every_valid_example_captures_and_its_content_is_queryable(
    client: httpx.AsyncClient, path: str
) -> None:
    document = _load(path)
    events = document["epcisBody"]["eventList"]
    response = await client.post("/v1/epcis/capture", json=document, headers=LD)
    assert response.status_code == 201, response.text
    assert response.json()["captured"] == len(events)

    ids = {e["eventID"] for e in response.json()["events"]}
    for event in events:
        for parameter, value in _named(event):
            found = await _query(client, **{parameter: value})
            assert ids & {e.get("eventID") for e in found}, f"{parameter}={value} finds nothing"
        if "eventID" in event:
            (found_event,) = await _query(client, EQ_eventID=event["eventID"])
            assert found_event["type"] == event["type"]

    again = await client.post("/v1/epcis/capture", json=document, headers=LD)
    assert again.status_code == 201
    assert again.json()["already_captured"] == len(events)
    assert again.json()["captured"] == 0


@pytest.mark.parametrize("path", BARE_EVENTS)
async def test_a_bare_event_captures_on_its_own(client: httpx.AsyncClient, path: str) -> None:
    event = _load(path)
    response = await client.post("/v1/epcis/events", json=event, headers=LD)
    assert response.status_code == 201, response.text
    (captured,) = response.json()["events"]
    assert captured["status"] == "captured"
    (found,) = await _query(client, EQ_eventID=captured["eventID"])
    assert found["type"] == event["type"]


@pytest.mark.parametrize(("path", "pointer"), sorted(INVALID.items()))
async def test_an_invalid_example_is_refused_with_a_pointer_to_the_fault(
    client: httpx.AsyncClient, path: str, pointer: str
) -> None:
    response = await client.post("/v1/epcis/capture", json=_load(path), headers=LD)
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "epcis-invalid"
    assert problem["pointer"] == pointer
    assert (pointer or "/") in problem["detail"]
    assert (await _query(client)) == [], "nothing of a refused document is stored"
