"""GS1 EPCIS 2.0 / CBV 2.0 conformance (issue 34): event identity, validation, the XML binding
and the REST resources, each as a partner integrating with us would meet it."""

import copy
from typing import Any

import httpx

from service.graph.store import Graph

CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]
LD = {"Content-Type": "application/ld+json"}
PARTNER_EPC = "urn:epc:id:sgtin:0614141.107346.2017"  # not one of our items: moves nothing


def observation(**fields: Any) -> dict[str, Any]:
    return {
        "type": "ObjectEvent",
        "eventTime": "2026-07-22T10:30:00.000+02:00",
        "eventTimeZoneOffset": "+02:00",
        "action": "OBSERVE",
        "epcList": [PARTNER_EPC],
        "bizStep": "shipping",
        "readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"},
        **fields,
    }


def document(*events: dict[str, Any]) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-07-22T11:00:00Z",
        "epcisBody": {"eventList": list(events)},
    }


def listed(body: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    return found


async def capture(
    client: httpx.AsyncClient, body: dict[str, Any], **headers: str
) -> httpx.Response:
    return await client.post("/v1/epcis/capture", json=body, headers={**LD, **headers})


# Fault 1: event identity


async def test_a_different_event_under_a_stored_event_id_is_refused_naming_it(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    first = observation(eventID="urn:uuid:11111111-1111-4111-8111-111111111111")
    assert (await capture(client, document(first))).status_code == 201
    changed = {**first, "bizStep": "receiving"}
    response = await capture(client, document(changed))
    assert response.status_code == 409, response.text
    assert response.json()["code"] == "event-id-reused"
    assert first["eventID"] in response.json()["detail"]
    stored = listed((await client.get("/v1/epcis/events")).json())
    assert [e["bizStep"] for e in stored] == ["shipping"]


async def test_the_same_event_captured_again_is_idempotent(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    event = observation(eventID="urn:uuid:22222222-2222-4222-8222-222222222222")
    assert (await capture(client, document(event))).status_code == 201
    again = await capture(client, document(copy.deepcopy(event)))
    assert again.status_code == 201, again.text
    assert again.json()["already_captured"] == 1
    assert len(listed((await client.get("/v1/epcis/events")).json())) == 1


async def test_a_reused_event_id_under_proceed_is_reported_refused_not_dropped(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    first = observation(eventID="urn:uuid:33333333-3333-4333-8333-333333333333")
    assert (await capture(client, document(first))).status_code == 201
    changed = {**first, "disposition": "in_transit"}
    other = observation(eventID="urn:uuid:44444444-4444-4444-8444-444444444444")
    response = await capture(client, document(changed, other),
                             **{"GS1-Capture-Error-Behaviour": "proceed"})  # fmt: skip
    assert response.status_code == 201, response.text
    assert [e["status"] for e in response.json()["events"]] == ["refused", "captured"]
    assert response.json()["events"][0]["code"] == "event-id-reused"


async def test_an_event_without_id_is_stored_under_its_cbv_hash(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    response = await capture(client, document(observation()))
    assert response.status_code == 201, response.text
    event_id = response.json()["events"][0]["eventID"]
    assert event_id.startswith("ni:///sha-256;")
    assert event_id.endswith("?ver=CBV2.0")
    # The same content with the CBV value as a URI is the same event (CBV 2.0 section 8.9).
    as_uri = observation(bizStep="https://ref.gs1.org/cbv/BizStep-shipping")
    again = await capture(client, document(as_uri))
    assert again.json()["events"][0]["eventID"] == event_id
    assert again.json()["already_captured"] == 1
