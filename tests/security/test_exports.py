"""M2, M3 and L1 (file names): exports are safe to open. A lot that reads as a formula stays
text in the workbook and the CSVs, a control character is refused at input (422 naming the
field) and escaped on output for one already stored, and a recall's name of any characters
makes a download, not a 500 or a broken header."""

import csv
import io
import zipfile
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from service.demo import seed
from service.graph.store import Graph
from tests.api.posting_helpers import lots, post

FORMULA = '=HYPERLINK("http://evil.example","x")'


async def _lot_received_and_shipped(client: httpx.AsyncClient, graph: Graph, lot: str) -> None:
    await seed(graph)
    item = {"no": "SEC", "description": "Beans", "item_tracking_code": "LOTALL"}
    assert (await client.post("/v1/items", json=item)).status_code == 201
    received = await post(client, "purchase_receipt", "PR-1", [lots("SEC", lot, 5)])
    shipped = await post(client, "sales_shipment", "SS-1", [lots("SEC", lot, 2)],
                         posting_date="2026-11-03")  # fmt: skip
    assert (received.status_code, shipped.status_code) == (201, 201), received.text + shipped.text


def _workbook(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    return {s.title: s for s in load_workbook(io.BytesIO(response.content)).worksheets}


def _has_formulas(response: httpx.Response) -> bool:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return any(b"<f>" in archive.read(n) or b"<f " in archive.read(n)
                   for n in archive.namelist() if n.startswith("xl/worksheets/"))  # fmt: skip


async def test_a_lot_that_reads_as_a_formula_stays_text_in_the_fsma_workbook(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await _lot_received_and_shipped(client, graph, FORMULA)
    params = {"lot_no": FORMULA, "method": "origin-to-usage", "format": "xlsx"}
    response = await client.get("/v1/trace", params=params)
    sheets = _workbook(response)
    for tab in ("Shipping", "Receiving"):
        cell = sheets[tab]["A2"]
        assert (cell.value, cell.data_type) == (FORMULA, "s")
    assert not _has_formulas(response)


@pytest.mark.parametrize("lot", [FORMULA, "=1+1", "+1+1", "-1+1", "@SUM(1)"])
async def test_a_lot_that_reads_as_a_formula_is_quoted_in_the_trace_and_recall_csv(
    client: httpx.AsyncClient, graph: Graph, lot: str
) -> None:
    await _lot_received_and_shipped(client, graph, lot)
    trace = await client.get("/v1/trace", params={"lot_no": lot, "format": "csv"})
    body = {"recall_no": "RC-1", "reason": "test", "user": "qa", "numbers": [{"lot_no": lot}]}
    recall = await client.post("/v1/recalls", params={"format": "csv"}, json=body)
    for response in (trace, recall):
        assert response.status_code == 200, response.text
        cells = [c for row in list(csv.reader(io.StringIO(response.text)))[1:] for c in row]
        assert lot not in cells
        assert "'" + lot in cells, response.text


@pytest.mark.parametrize(
    ("field", "value"),
    [("lines.0.tracking.0.lot_no", "SEC-\x01CTRL"), ("document_no", "PR-\x01"),
     ("lines.0.tracking.0.lot_no", "A\r\nB"), ("lines.0.variant_code", "V\x7f")],
)  # fmt: skip
async def test_a_control_character_in_a_code_or_number_is_refused_naming_the_field(
    client: httpx.AsyncClient, graph: Graph, field: str, value: str
) -> None:
    await seed(graph)
    line = lots("1928-S", "L1", 1)
    document = {"kind": "purchase_receipt", "document_no": "PR-1", "posting_date": "2026-11-02",
                "vendor_no": "V20000", "lines": [line]}  # fmt: skip
    if field == "document_no":
        document["document_no"] = value
    elif field == "lines.0.variant_code":
        line["variant_code"] = value
    else:
        line["tracking"][0]["lot_no"] = value
    response = await client.post("/v1/postings", json=document)
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert "control character" in errors[0]["message"]


async def test_a_control_character_already_stored_is_escaped_in_every_export(
    client: httpx.AsyncClient, graph: Graph
) -> None:
    await _lot_received_and_shipped(client, graph, "L1")
    await graph.driver.execute_query(  # as it could be stored before the rule
        "MATCH (n) WHERE n.documentNo = 'SS-1' SET n.documentNo = $stored",
        stored="SS-\x01CTRL", database_=graph.database,
    )  # fmt: skip
    shown = "SS-\\x01CTRL"
    body = {"recall_no": "RC-1", "reason": "test", "user": "qa", "numbers": [{"lot_no": "L1"}]}
    for response in (
        await client.get("/v1/trace", params={"lot_no": "L1", "format": "xlsx"}),
        await client.post("/v1/recalls", params={"format": "xlsx"}, json=body),
    ):
        shipping = _workbook(response)["Shipping"]
        assert shown in [c for row in shipping.iter_rows(values_only=True) for c in row]
    for response in (
        await client.get("/v1/trace", params={"lot_no": "L1", "format": "csv"}),
        await client.post("/v1/recalls", params={"format": "csv"}, json=body),
    ):
        assert response.status_code == 200
        assert shown in response.text
        assert "\x01" not in response.text


@pytest.mark.parametrize("recall_no", ["RC-€1", "RC\r\nX-Evil: 1"])
async def test_a_recall_named_with_any_characters_downloads_or_is_refused_as_input(
    client: httpx.AsyncClient, graph: Graph, recall_no: str
) -> None:
    await _lot_received_and_shipped(client, graph, "L1")
    body = {"recall_no": recall_no, "reason": "t", "user": "qa", "numbers": [{"lot_no": "L1"}]}
    response = await client.post("/v1/recalls", params={"format": "xlsx"}, json=body)
    if "\r" in recall_no:
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "recall_no"
        return
    assert response.status_code == 200, response.text
    disposition = response.headers["content-disposition"]
    assert 'filename="recall-RC-_1-fsma204.xlsx"' in disposition
    assert "filename*=UTF-8''recall-RC-%E2%82%AC1-fsma204.xlsx" in disposition
