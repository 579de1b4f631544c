"""EPC URNs and GS1 Digital Links name the same things: both land on one canonical form."""

import datetime as dt

import pytest

from service.epcis.identifiers import canonical, match_values, parse
from service.epcis.query import QueryError, parse_query


@pytest.mark.parametrize(
    ("urn", "digital_link"),
    [
        ("urn:epc:id:sgtin:0614141.107346.2017", "https://id.gs1.org/01/10614141073464/21/2017"),
        ("urn:epc:class:lgtin:4012345.012345.998877",
         "https://id.gs1.org/01/04012345123456/10/998877"),
        ("urn:epc:idpat:sgtin:4012345.098765.*", "https://id.gs1.org/01/04012345987652"),
        ("urn:epc:id:sscc:0614141.1234567890", "https://id.gs1.org/00/106141412345678908"),
        ("urn:epc:id:sgln:0614141.00777.0", "https://id.gs1.org/414/0614141007776"),
        ("urn:epc:id:sgln:0614141.00777.A%2F1", "https://id.gs1.org/414/0614141007776/254/A%2F1"),
        ("urn:epc:id:pgln:0614141.00001", "https://id.gs1.org/417/0614141000012"),
    ],
)  # fmt: skip
def test_a_urn_and_its_digital_link_are_stored_alike(urn: str, digital_link: str) -> None:
    assert canonical(urn) == digital_link
    assert canonical(digital_link) == digital_link


def test_a_digital_link_on_another_domain_or_with_a_short_gtin_is_canonicalised() -> None:
    assert (canonical("https://example.com/shop/01/9506000134352/10/AB%2F1?linkType=all")
            == "https://id.gs1.org/01/09506000134352/10/AB%2F1")  # fmt: skip
    assert parse("https://example.com/01/09506000134352/10/AB%2F1").lot == "AB/1"


def test_other_uris_are_kept_as_sent() -> None:
    for uri in ("urn:epc:id:grai:0614141.12345.400", "https://id.example.com/8003/0401234"):
        assert parse(uri).kind == "other"
        assert canonical(uri) == uri


@pytest.mark.parametrize(
    "bad",
    [
        "urn:epc:id:sgtin:0614141.10734.2017",  # one digit short
        "https://id.gs1.org/01/10614141073465/21/2017",  # wrong check digit
        "https://id.gs1.org/00/106141412345678909",
        "urn:epc:id:sscc:0614141.123456789",
    ],
)
def test_an_identifier_that_claims_a_gs1_form_it_does_not_have_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match=r"digit|GTIN|SSCC"):
        parse(bad)


def test_an_idpat_matches_serials_of_the_gtin_or_the_class_and_its_lots() -> None:
    pattern = "urn:epc:idpat:sgtin:4012345.098765.*"
    gtin = "https://id.gs1.org/01/04012345987652"
    assert match_values(pattern, classes=False) == ([], [f"{gtin}/21/"])
    assert match_values(pattern, classes=True) == ([gtin], [f"{gtin}/10/"])


def test_a_query_reads_pipe_delimited_values_and_normalises_vocabulary() -> None:
    query = parse_query({
        "eventType": "ObjectEvent|AggregationEvent",
        "EQ_bizStep": "https://ref.gs1.org/cbv/BizStep-shipping|receiving",
        "EQ_bizLocation": "urn:epc:id:sgln:0614141.00777.0",
        "GE_eventTime": "2026-01-01T00:00:00 01:00",  # a '+' that arrived as a space
        "MATCH_epc": "urn:epc:id:sgtin:0614141.107346.2017",
    })  # fmt: skip
    params = query.params()
    assert params["eventTypes"] == ["ObjectEvent", "AggregationEvent"]
    assert params["bizSteps"] == ["shipping", "receiving"]
    assert params["bizLocations"] == ["https://id.gs1.org/414/0614141007776"]
    # read as +01:00, compared in UTC (Neo4j refuses some far offsets in year 1)
    assert params["geEventTime"] == dt.datetime(2025, 12, 31, 23, 0, tzinfo=dt.UTC)
    assert params["anchorExact"] == ["https://id.gs1.org/01/10614141073464/21/2017"]
    assert params["matches"][0]["fields"] == ["epcList", "childEPCs"]


@pytest.mark.parametrize(
    ("parameters", "named"),
    [
        ({"EQ_colour": "red"}, "EQ_colour"),
        ({"GE_eventTime": "2026-01-01T00:00:00"}, "GE_eventTime"),
        ({"eventType": "KettleEvent"}, "eventType"),
        ({"MATCH_epc": "urn:epc:id:sgtin:1.2.3"}, "MATCH_epc"),
        ({"EQ_bizStep": "|"}, "EQ_bizStep"),
    ],
)
def test_a_query_it_cannot_answer_names_the_parameter(
    parameters: dict[str, str], named: str
) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(parameters)
    assert raised.value.parameter == named
