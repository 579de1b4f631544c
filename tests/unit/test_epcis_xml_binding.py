"""The EPCIS 2.0 XML binding: GS1's XML examples read into the same events as their JSON-LD
twins, and XML that is unsafe or not EPCIS refused."""

import json
from pathlib import Path
from typing import Any

import pytest

from service.epcis.events import Event, parse_event
from service.epcis.xml_binding import XmlInvalid, document_from_xml, query_document_xml

EXAMPLES = Path(__file__).parents[1] / "fixtures" / "epcis"
TWINS = {
    "XML/WithFullCombinationOfFields/aggregation_event_all_possible_fields.xml":
        "JSON/WithFullCombinationOfFields/aggregation_event_all_possible_fields.jsonld",
    "XML/WithFullCombinationOfFields/association_event_all_possible_fields.xml":
        "JSON/WithFullCombinationOfFields/association_event_all_possible_fields.jsonld",
    "XML/WithFullCombinationOfFields/object_event_all_possible_fields.xml":
        "JSON/WithFullCombinationOfFields/object_event_all_possible_fields.jsonld",
    "XML/WithFullCombinationOfFields/transaction_event_all_possible_fields.xml":
        "JSON/WithFullCombinationOfFields/transaction_event_all_possible_fields.jsonld",
    "XML/WithFullCombinationOfFields/transformation_event_all_possible_fields.xml":
        "JSON/WithFullCombinationOfFields/transformation_event_all_possible_fields.jsonld",
    "XML/WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.xml":
        "JSON/WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.jsonld",
    "XML/Example-TransactionEvent-2020_07_03y.xml":
        "JSON/Example-TransactionEvents-2020_07_03y.jsonld",
}  # fmt: skip


# Where GS1's twins say different things (the XML is not a rendering of the JSON there).
GS1_DIFFERENCES = {
    "XML/WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.xml": {"readPoint", "quantities"},
    "XML/WithFullCombinationOfFields/object_event_all_possible_fields.xml": {"action"},
}


def _view(event: Event) -> dict[str, Any]:
    """What the graph stores and queries match of an event."""
    return {
        "type": event.event_type,
        "eventTime": event.event_time,
        "action": event.action,
        "bizStep": event.biz_step,
        "disposition": event.disposition,
        "readPoint": event.read_point,
        "bizLocation": event.biz_location,
        "parentID": event.parent,
        "identifiers": sorted((name, i.canonical) for name, i in event.identifiers()),
        "quantities": sorted((q.epc_class.canonical, q.quantity, q.uom)
                             for qs in event.quantities.values() for q in qs),
        "sources": sorted((p.type, p.id.canonical) for p in event.sources),
        "destinations": sorted((p.type, p.id.canonical) for p in event.destinations),
        "bizTransactions": sorted(event.biz_transactions),
    }  # fmt: skip


def _events(document: dict[str, Any], leave_out: set[str]) -> list[dict[str, Any]]:
    views = [_view(parse_event({**e, "eventID": e.get("eventID", "x")}))
             for e in document["epcisBody"]["eventList"]]  # fmt: skip
    return [{k: v for k, v in view.items() if k not in leave_out} for view in views]


@pytest.mark.parametrize("xml", sorted(TWINS), ids=lambda p: p.split("/")[-1])
def test_an_xml_example_reads_as_the_same_events_as_its_json_twin(xml: str) -> None:
    from_xml = document_from_xml((EXAMPLES / xml).read_bytes())
    twin = json.loads((EXAMPLES / TWINS[xml]).read_text("utf-8"))
    leave_out = GS1_DIFFERENCES.get(xml, set())
    assert _events(from_xml, leave_out) == _events(twin, leave_out)


def test_xml_declaring_entities_is_refused_unexpanded() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0"
  creationDate="2026-01-01T00:00:00Z"><EPCISBody><EventList/></EPCISBody></epcis:EPCISDocument>"""
    with pytest.raises(XmlInvalid, match="entities"):
        document_from_xml(bomb)


def test_xml_that_is_not_epcis_is_refused_by_the_xsd() -> None:
    with pytest.raises(XmlInvalid, match="XSD"):
        document_from_xml(b"<order><line/></order>")


def test_a_query_answer_writes_as_xml_that_reads_back() -> None:
    twin = json.loads((EXAMPLES / TWINS["XML/Example-TransactionEvent-2020_07_03y.xml"])
                      .read_text("utf-8"))  # fmt: skip
    answer = {"@context": twin["@context"], "creationDate": "2026-01-01T00:00:00Z",
              "epcisBody": {"queryResults": {"queryName": "SimpleEventQuery",
                                             "resultsBody": twin["epcisBody"]}}}  # fmt: skip
    xml = query_document_xml(answer)
    assert xml.startswith(b"<?xml")
    assert b"EPCISQueryDocument" in xml
    assert b"<TransactionEvent>" in xml
