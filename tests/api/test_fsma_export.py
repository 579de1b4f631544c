"""FSMA 204 sortable spreadsheets (format=xlsx) for a trace and a recall: the tabs, headers and
rows a user opening the workbook sees."""

import datetime as dt
import io
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from service.demo import RECEIPT_INTO_CONTAINER, SHIPMENT, seed
from service.domain.fsma import RECEIVING_COLUMNS, SHIPPING_COLUMNS, TRANSFORMATION_COLUMNS
from service.graph.store import Graph
from tests.api.posting_helpers import lots, post

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAIN = "Main warehouse (MAIN), GLN 4012345000108"
NOV_2 = dt.datetime(2026, 11, 2)


def _sheets(response: httpx.Response) -> dict[str, list[list[Any]]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


@pytest.fixture
async def demo(client: httpx.AsyncClient, graph: Graph) -> httpx.AsyncClient:
    await seed(graph)
    for document in (RECEIPT_INTO_CONTAINER, SHIPMENT):
        posted = await client.post("/v1/postings", json=document.model_dump(mode="json"))
        assert posted.status_code == 201, posted.text
    return client


async def test_a_trace_of_the_demo_lamps_as_an_fsma_workbook_shows_receipt_and_shipment(
    demo: httpx.AsyncClient,
) -> None:
    params = {"lot_no": "LOT200", "method": "origin-to-usage", "format": "xlsx"}
    response = await demo.get("/v1/trace", params=params)
    assert response.headers["content-disposition"] == ('attachment; filename="trace-fsma204.xlsx"')
    sheets = _sheets(response)
    assert list(sheets) == ["Shipping", "Receiving", "Transformation"]
    assert sheets["Receiving"] == [
        RECEIVING_COLUMNS,
        ["LOT200", 10, "PCS", "AMSTERDAM Lamp (item 1928-S)", "Fabrikam Furniture (V20000)",
         MAIN, NOV_2, "Fabrikam Furniture (V20000)", "Vendor V20000", "Purchase Receipt",
         "PR-2026-0001"],
    ]  # fmt: skip
    assert sheets["Shipping"] == [
        SHIPPING_COLUMNS,
        ["LOT200", 10, "PCS", "AMSTERDAM Lamp (item 1928-S)", "The Cannon Group PLC (C10000)",
         MAIN, dt.datetime(2026, 11, 9), "Fabrikam Furniture (V20000)", "Vendor V20000",
         "Sales Shipment", "SS-2026-0001"],
    ]  # fmt: skip
    assert sheets["Transformation"] == [TRANSFORMATION_COLUMNS]


async def test_a_recall_workbook_pairs_each_consumed_lot_with_the_lot_made_from_it(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    for no, description in (("RAW", "Raw beans"), ("INT", "Roasted beans")):
        item = {"no": no, "description": description, "item_tracking_code": "LOTALL"}
        assert (await client.post("/v1/items", json=item)).status_code == 201
    steps = [
        await post(client, "purchase_receipt", "PR-1", [lots("RAW", "R1", 10)]),
        await post(client, "production", "P-1", [
            {**lots("RAW", "R1", 4), "type": "consumption"},
            {**lots("INT", "I1", 5), "type": "output"},
        ], order_no="P-1", posting_date="2026-11-03"),
        await post(client, "transfer", "T-1", [{**lots("INT", "I1", 2),
                   "new_location_code": "EAST"}], posting_date="2026-11-04"),
    ]  # fmt: skip
    assert [s.status_code for s in steps] == [201] * 3, [s.text for s in steps]
    body: dict[str, Any] = {"recall_no": "RC-7", "reason": "Mould", "user": "qa",
                            "numbers": [{"lot_no": "R1"}]}  # fmt: skip
    response = await client.post("/v1/recalls", params={"format": "xlsx"}, json=body)
    assert 'filename="recall-RC-7-fsma204.xlsx"' in response.headers["content-disposition"]
    sheets = _sheets(response)
    assert sheets["Transformation"][1:] == [
        ["R1", "Raw beans (item RAW)", 4, "PCS", "I1", "Roasted beans (item INT)", 5, "PCS",
         MAIN, MAIN, None, dt.datetime(2026, 11, 3), "Production Order", "P-1"],
    ]  # fmt: skip
    east = "East distribution centre (EAST), GLN 4012345000115"
    assert [row[:5] for row in sheets["Shipping"][1:]] == [
        ["I1", 2, "PCS", "Roasted beans (item INT)", east],
    ]
    assert [(row[0], row[4], row[5], row[7]) for row in sheets["Receiving"][1:]] == [
        ("R1", "Fabrikam Furniture (V20000)", MAIN, "Fabrikam Furniture (V20000)"),
        ("I1", MAIN, east, MAIN),
    ]


async def test_an_empty_trace_gives_a_workbook_with_headers_only(
    demo: httpx.AsyncClient,
) -> None:
    params = {"lot_no": "LOT200", "to_date": "2020-01-01", "format": "xlsx"}
    sheets = _sheets(await demo.get("/v1/trace", params=params))
    assert sheets == {
        "Shipping": [SHIPPING_COLUMNS],
        "Receiving": [RECEIVING_COLUMNS],
        "Transformation": [TRANSFORMATION_COLUMNS],
    }


async def test_an_unknown_number_gives_no_workbook_but_a_not_found(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await seed(graph)
    answer = await client.get("/v1/trace", params={"lot_no": "NOTHING", "format": "xlsx"})
    assert answer.status_code == 404, answer.text
    assert answer.json()["code"] == "number-not-found"


async def test_an_unknown_export_format_is_refused_with_the_formats_there_are(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/v1/trace", params={"lot_no": "L", "format": "pdf"})
    assert response.status_code == 422
    assert "'json', 'csv', 'xlsx' or 'epcis'" in response.text


async def test_where_is_has_no_workbook_and_says_so(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/v1/where-is", params={"lot_no": "L", "item_no": "X", "format": "xlsx"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "format"
    assert "json" in response.json()["errors"][0]["message"]
