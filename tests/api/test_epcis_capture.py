"""EPCIS events of our own items move stock like native postings: a multi-step chain captured as
EPCIS traces and recalls the same as the same chain posted natively; native postings are
queryable as events; a capture round-trips; a refused event rolls the whole document back."""

from typing import Any

import httpx
import pytest

from service.demo import seed
from service.domain.gs1 import gtin_check_digit
from service.epcis.validation import schema_faults
from service.graph.admin import delete_all_data
from service.graph.store import Graph
from tests.api.posting_helpers import chairs, lots, post

CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]
CHAIR, TABLE = "04012345000009", "04012345000016"  # the demo's 1900-S and 1910-S
MAIN, EAST = "4012345000108", "4012345000115"  # the demo's locations
CUSTOMER = "401234500012" + str(gtin_check_digit("401234500012"))
VENDOR = "401234500013" + str(gtin_check_digit("401234500013"))
SSCC_BODY = "34012345000000001"
SSCC = SSCC_BODY + str(gtin_check_digit(SSCC_BODY))
LD = {"Content-Type": "application/ld+json"}


def _serial(gtin: str, serial: str) -> str:
    return f"https://id.gs1.org/01/{gtin}/21/{serial}"


def _lot(gtin: str, lot: str, quantity: float) -> dict[str, Any]:
    return {"epcClass": f"https://id.gs1.org/01/{gtin}/10/{lot}", "quantity": quantity}


def _place(gln: str) -> dict[str, str]:
    return {"id": f"urn:epc:id:sgln:{gln[:7]}.{gln[7:12]}.0"}


def _party(kind: str, gln: str) -> list[dict[str, str]]:
    return [{"type": "owning_party", kind: f"https://id.gs1.org/417/{gln}"}]


def _event(no: int, kind: str, day: int, **fields: Any) -> dict[str, Any]:
    return {
        "type": kind,
        "eventID": f"urn:uuid:00000000-0000-4000-8000-{no:012d}",
        "eventTime": f"2026-11-{day:02d}T10:00:00.000+01:00",
        "eventTimeZoneOffset": "+01:00",
        **fields,
    }


CHAIN_EVENTS = [
    _event(1, "ObjectEvent", 2, action="ADD", bizStep="commissioning", bizLocation=_place(MAIN),
           sourceList=_party("source", VENDOR),
           epcList=[_serial(CHAIR, "S1"), _serial(CHAIR, "S2")],
           quantityList=[_lot(TABLE, "L1", 10)], ilmd={"cbvmda:lotNumber": "LA"}),
    _event(2, "TransformationEvent", 3, bizStep="commissioning", bizLocation=_place(MAIN),
           inputEPCList=[_serial(CHAIR, "S1")], inputQuantityList=[_lot(TABLE, "L1", 4)],
           outputEPCList=[_serial(CHAIR, "S3")], ilmd={"cbvmda:lotNumber": "LB"}),
    _event(3, "AggregationEvent", 4, action="ADD", bizStep="packing", bizLocation=_place(MAIN),
           parentID=f"urn:epc:id:sscc:{SSCC_BODY[1:8]}.{SSCC_BODY[0]}{SSCC_BODY[8:]}",
           childEPCs=[_serial(CHAIR, "S2"), _serial(CHAIR, "S3")]),
    _event(4, "ObjectEvent", 5, action="OBSERVE", bizStep="shipping", bizLocation=_place(MAIN),
           epcList=[f"https://id.gs1.org/00/{SSCC}"],
           destinationList=_party("destination", CUSTOMER)),
    _event(5, "ObjectEvent", 6, action="OBSERVE", bizStep="receiving", bizLocation=_place(EAST),
           epcList=[_serial(CHAIR, "S3")], sourceList=_party("source", CUSTOMER)),
    _event(6, "ObjectEvent", 7, action="OBSERVE", bizStep="shipping", bizLocation=_place(MAIN),
           quantityList=[_lot(TABLE, "L1", 6)],
           destinationList=[{"type": "location", "destination": f"https://id.gs1.org/414/{EAST}"}]),
]  # fmt: skip


def _document(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
            "creationDate": "2026-11-08T00:00:00Z", "epcisBody": {"eventList": events}}  # fmt: skip


async def _setup(client: httpx.AsyncClient, graph: Graph) -> None:
    await seed(graph)
    assert (await client.patch("/v1/customers/C10000", json={"gln": CUSTOMER})).status_code == 200
    assert (await client.patch("/v1/vendors/V20000", json={"gln": VENDOR})).status_code == 200


async def _capture_chain(client: httpx.AsyncClient, graph: Graph) -> list[dict[str, Any]]:
    """The demo set up, and the chain captured as EPCIS; returns what each event did."""
    await _setup(client, graph)
    response = await client.post("/v1/epcis/capture", json=_document(CHAIN_EVENTS), headers=LD)
    assert response.status_code == 201, response.text
    events: list[dict[str, Any]] = response.json()["events"]
    return events


async def _post_natively(client: httpx.AsyncClient) -> None:
    responses = [
        await post(client, "purchase_receipt", "PR-1", [chairs("S1", "S2", lot="LA"),
                   lots("1910-S", "L1", 10)], posting_date="2026-11-02"),
        await post(client, "production", "PO-1", [
            {**chairs("S1", lot="LA"), "type": "consumption"},
            {**lots("1910-S", "L1", 4), "type": "consumption"},
            {**chairs("S3", lot="LB"), "type": "output"},
        ], order_no="PO-1", posting_date="2026-11-03"),
        await client.post(f"/v1/packages/{SSCC}/pack", json={"user": "wh", "contents": [
            {"item_no": "1900-S", "serial_no": "S2"}, {"item_no": "1900-S", "serial_no": "S3"}]}),
        await post(client, "sales_shipment", "SS-1", [], posting_date="2026-11-05",
                   packages=[{"package_no": SSCC, "location_code": "MAIN"}]),
        await post(client, "sales_return_receipt", "SR-1",
                   [chairs("S3", lot="LB", location="EAST")],
                   posting_date="2026-11-06"),
        await post(client, "transfer", "T-1",
                   [{**lots("1910-S", "L1", 6), "new_location_code": "EAST"}],
                   posting_date="2026-11-07"),
    ]  # fmt: skip
    assert [r.status_code for r in responses] == [201, 201, 200, 201, 201, 201], [
        r.text for r in responses
    ]


def _rows(trace: dict[str, Any]) -> list[tuple[Any, ...]]:
    """What a trace tells, without the document numbers (EPCIS events post under their own)."""
    return sorted(
        (r["level"], r["entry_type"], r["document_kind"], r["posting_date"], r["item_no"],
         r["serial_no"], r["lot_no"], r["package_no"], r["location_code"], r["source_type"],
         r["source_no"], r["quantity"], r["remaining_quantity"])
        for r in trace["rows"]
    )  # fmt: skip


QUESTIONS: list[tuple[str, dict[str, str]]] = [
    ("backward from the produced serial", {"serial_no": "S3", "method": "usage-to-origin"}),
    ("forward from the table lot", {"lot_no": "L1", "method": "origin-to-usage"}),
    ("forward from the chair lot, all", {"lot_no": "LA", "method": "origin-to-usage",
                                         "show_components": "all"}),
    ("the package", {"package_no": SSCC, "method": "origin-to-usage"}),
]  # fmt: skip


async def _answers(client: httpx.AsyncClient) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, params in QUESTIONS:
        response = await client.get("/v1/trace", params=params)
        assert response.status_code == 200, response.text
        found[name] = (_rows(response.json()), sorted(response.json()["packages"]))
    recall = await client.post("/v1/recalls", json={
        "recall_no": "RC-1", "reason": "bad lot", "user": "qa",
        "numbers": [{"lot_no": "L1"}]})  # fmt: skip
    assert recall.status_code == 200, recall.text
    body = recall.json()
    found["recall"] = (
        body["affected"],
        [(c["customer_no"], c["quantity"],
          [(s["posting_date"], s["item_no"], s["serial_no"], s["lot_no"], s["quantity"])
           for s in c["shipments"]]) for c in body["customers"]],
        body["on_hand"],
        body["totals"],
    )  # fmt: skip
    return found


async def test_a_chain_captured_as_epcis_traces_and_recalls_like_the_same_chain_posted(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await _setup(client, graph)
    await _post_natively(client)
    native = await _answers(client)

    await delete_all_data(graph)
    captured = await _capture_chain(client, graph)
    assert [e["documents"][0].split("/")[0] if e["documents"] else None for e in captured] == [
        "purchase_receipt", "production", None, "sales_shipment", "sales_return_receipt",
        "transfer",
    ]  # fmt: skip
    assert captured[2]["packages"] == [SSCC]
    captured_answers = await _answers(client)

    assert captured_answers == native
    assert native["recall"][1][0][0] == "C10000", "the recall names the customer"


async def test_native_postings_are_queryable_as_epcis_events(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await _setup(client, graph)
    await _post_natively(client)
    response = await client.get("/v1/epcis/events", params={"MATCH_epc": _serial(CHAIR, "S3")})
    assert response.status_code == 200
    body = response.json()
    assert not schema_faults(body)
    events = body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    assert [(e["type"], e.get("bizStep")) for e in events] == [
        ("ObjectEvent", "shipping"),  # inside the package shipped
        ("ObjectEvent", "receiving"),  # returned
        ("AggregationEvent", "packing"),  # packed today, with the API (postings are back-dated)
    ], "MATCH_epc looks in epcList and childEPCs, not in transformation outputs"
    assert events[0]["destinationList"] == _party("destination", CUSTOMER)
    assert events[1]["sourceList"] == _party("source", CUSTOMER)

    made = await client.get(
        "/v1/epcis/events", params={"MATCH_outputEPC": "urn:epc:id:sgtin:4012345.000000.S3"}
    )
    (transformation,) = made.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    assert transformation["type"] == "TransformationEvent"
    assert transformation["inputQuantityList"] == [_lot(TABLE, "L1", 4)]
    assert transformation["ilmd"] == {"cbvmda:lotNumber": "LB"}

    shipped = await client.get(
        "/v1/epcis/events",
        params={"EQ_bizStep": "shipping", "GE_eventTime": "2026-11-05T00:00:00Z"},
    )
    kinds = [
        (e["bizStep"], e.get("destinationList"))
        for e in shipped.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    ]
    assert kinds == [
        ("shipping", _party("destination", CUSTOMER)),
        ("shipping", [{"type": "location", "destination": f"https://id.gs1.org/414/{EAST}"}]),
    ]


async def test_a_capture_round_trips_through_the_query(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await _capture_chain(client, graph)
    found = await client.get("/v1/epcis/events", params={"GE_eventTime": "2026-11-01T00:00:00Z",
                                                         "perPage": "4"})  # fmt: skip
    page = found.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    assert 'rel="next"' in found.headers["link"]
    next_url = found.headers["link"].split(">")[0].lstrip("<")
    rest = (await client.get(next_url)).json()["epcisBody"]["queryResults"]["resultsBody"]
    returned = page + rest["eventList"]
    for event in returned:
        assert event.pop("recordTime")
    assert returned == [{"@context": CONTEXT, **event} for event in CHAIN_EVENTS]


async def test_a_refused_event_leaves_nothing_of_its_document(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await _setup(client, graph)
    ship_unknown = _event(9, "ObjectEvent", 9, action="OBSERVE", bizStep="shipping",
                          bizLocation=_place(MAIN), epcList=[_serial(CHAIR, "NEVER-RECEIVED")],
                          destinationList=_party("destination", CUSTOMER))  # fmt: skip
    body = _document([CHAIN_EVENTS[0], ship_unknown])
    response = await client.post("/v1/epcis/capture", json=body, headers=LD)
    assert response.status_code == 409, response.text
    assert response.json()["pointer"] == "/epcisBody/eventList/1"
    assert "NEVER-RECEIVED" in response.json()["detail"]
    entries = await client.get("/v1/ledger-entries", params={"item_no": "1900-S"})
    assert entries.json()["items"] == []
    events = await client.get("/v1/epcis/events")
    assert events.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"] == []

    proceed = await client.post("/v1/epcis/capture", json=body,
                                headers={**LD, "GS1-Capture-Error-Behaviour": "proceed"},
                                )  # fmt: skip
    assert proceed.status_code == 201
    assert [e["status"] for e in proceed.json()["events"]] == ["captured", "refused"]
    assert proceed.json()["events"][1]["code"] == "unknown-serial"


@pytest.mark.parametrize(
    ("event", "status", "pointer"),
    [
        (_event(1, "ObjectEvent", 2, action="ADD",
                bizLocation={"id": "urn:epc:id:sgln:9999999.00001.0"},
                epcList=[_serial(CHAIR, "X1")], ilmd={"cbvmda:lotNumber": "LX"}),
         422, "/bizLocation"),
        (_event(1, "ObjectEvent", 2, action="ADD", bizLocation=_place(MAIN),
                epcList=["urn:epc:id:sgtin:0401234.50000.X1"]),
         400, ""),
        (_event(1, "ObjectEvent", 2, action="OBSERVE", bizStep="shipping", bizLocation=_place(MAIN),
                quantityList=[{"epcClass": f"https://id.gs1.org/01/{TABLE}/10/L1"}]),
         422, "/quantityList"),
    ],
    ids=["our item at a location we do not know", "a URN whose GTIN is one digit short",
         "our lot without a quantity"],
)  # fmt: skip
async def test_an_event_that_cannot_post_says_why(
    client: httpx.AsyncClient, graph: Graph, event: dict[str, Any], status: int, pointer: str
) -> None:
    await _setup(client, graph)
    response = await client.post("/v1/epcis/events", json={"@context": CONTEXT, **event},
                                 headers=LD)  # fmt: skip
    assert response.status_code == status, response.text
    assert response.json()["pointer"] == pointer
    assert response.json()["detail"]


async def test_a_query_with_an_unknown_parameter_is_refused(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    response = await client.get("/v1/epcis/events", params={"EQ_colour": "red"})
    assert response.status_code == 422
    assert "EQ_colour" in response.json()["detail"]
    bad_time = await client.get("/v1/epcis/events", params={"GE_eventTime": "yesterday"})
    assert bad_time.status_code == 422
    bad_token = await client.get("/v1/epcis/events", params={"nextPageToken": "nonsense"})
    assert bad_token.status_code == 422


def _ids(body: dict[str, Any]) -> set[int]:
    assert not schema_faults(body)
    found = body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    return {int(e["eventID"].rsplit("-", 1)[1]) for e in found}


async def test_a_trace_and_a_recall_export_as_epcis_query_documents(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await _capture_chain(client, graph)

    trace = await client.get("/v1/trace", params={"serial_no": "S3", "format": "epcis"})
    assert trace.status_code == 200
    assert trace.headers["content-type"].startswith("application/ld+json")
    assert 'filename="trace.jsonld"' in trace.headers["content-disposition"]
    assert {1, 2} <= _ids(trace.json()), "where S3 came from: the commissioning and production"

    body = {"recall_no": "RC-1", "reason": "bad lot", "user": "qa", "numbers": [{"lot_no": "L1"}]}
    recall = await client.post("/v1/recalls", params={"format": "epcis"}, json=body)
    assert recall.status_code == 200
    assert {1, 2, 4, 6} <= _ids(recall.json()), "received, used, shipped in the pallet, moved"


async def test_packing_through_the_native_api_is_an_aggregation_event(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await _setup(client, graph)
    await _post_natively(client)
    unpacked = await client.post(f"/v1/packages/{SSCC}/unpack", json={"user": "wh", "all": True})
    assert unpacked.status_code == 200, unpacked.text
    response = await client.get(
        "/v1/epcis/events", params={"MATCH_parentID": f"https://id.gs1.org/00/{SSCC}"}
    )
    events = response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    assert [(e["type"], e["action"], e["bizStep"]) for e in events] == [
        ("AggregationEvent", "ADD", "packing"),
        ("AggregationEvent", "DELETE", "unpacking"),
    ]
    assert events[0]["childEPCs"] == [_serial(CHAIR, "S2"), _serial(CHAIR, "S3")]
