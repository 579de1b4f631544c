"""The `tracegraph` commands people use in a terminal, run in-process against the test Neo4j:
what they print, and what they leave in the graph."""

import asyncio
import json
from pathlib import Path

import httpx
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from service.cli import app
from service.demo import load_demo, seed
from service.graph.store import Graph
from service.neo4j_local import Neo4jTarget
from service.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LEDGER_CSV = FIXTURES / "bc" / "item_ledger_entries.csv"
EPCIS_DOCUMENT = FIXTURES / "epcis" / "JSON" / "Example_9.6.1-ObjectEvent.jsonld"


async def tracegraph(neo4j: Neo4jTarget, *args: str, input: str | None = None) -> Result:
    """Run the command as a user would, in a thread: it runs its own event loop and driver."""
    env = {"NEO4J_URI": neo4j.uri, "NEO4J_USERNAME": neo4j.username,
           "NEO4J_PASSWORD": neo4j.password, "COLUMNS": "250"}  # fmt: skip
    return await asyncio.to_thread(CliRunner().invoke, app, list(args), input=input, env=env)


def table_rows(output: str, first_cell: str) -> list[list[str]]:
    """The cells of the rich table rows whose first cell is `first_cell`."""
    found = []
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if len(cells) > 1 and cells[0] == first_cell:
            found.append(cells)
    return found


async def posted_documents(graph: Graph) -> set[str]:
    records, _, _ = await graph.driver.execute_query(
        "MATCH (d:Document)-[:HAS_ENTRY]->() RETURN DISTINCT d.documentNo AS no",
        database_=graph.database,
    )
    return {r["no"] for r in records}


async def test_import_posts_the_good_documents_and_lists_the_refused_with_reasons(
    graph: Graph, neo4j: Neo4jTarget
) -> None:
    await seed(graph)
    result = await tracegraph(neo4j, "import", str(LEDGER_CSV))

    assert result.exit_code == 1, result.output  # something was refused
    assert table_rows(result.output, "posted")[0][1:3] == ["3", "6"]
    assert table_rows(result.output, "refused")[0][1] == "4"
    refused = {row[0]: row for row in table_rows(result.output, "PR-1002")
               + table_rows(result.output, "SS-1002") + table_rows(result.output, "NA-1001")
               + table_rows(result.output, "PR-1003")}  # fmt: skip
    assert "Item 9999-X does not exist." in refused["PR-1002"][4]
    assert refused["SS-1002"][3] == "cannot-be-fully-applied"
    assert refused["NA-1001"][2] == "10, 11"  # the good row of the document is not posted either
    assert "line 11: Posting Date '2026-13-45' is not a date" in refused["NA-1001"][4]
    assert refused["PR-1003"][3] == "serial-no-required"
    assert await posted_documents(graph) == {"PR-1001", "TR-1001", "SS-1001"}


async def test_import_again_posts_nothing_twice_and_create_items_lets_unknown_items_in(
    graph: Graph, neo4j: Neo4jTarget, client: httpx.AsyncClient
) -> None:
    await seed(graph)
    await tracegraph(neo4j, "import", str(LEDGER_CSV))

    again = await tracegraph(neo4j, "import", "--create-items", str(LEDGER_CSV))

    assert "created items (no tracking code): 9999-X" in again.output
    assert table_rows(again.output, "already imported")[0][1] == "3"
    assert table_rows(again.output, "posted")[0][1:3] == ["1", "1"]  # PR-1002, now its item exists
    assert await posted_documents(graph) == {"PR-1001", "PR-1002", "TR-1001", "SS-1001"}
    lot = (await client.get("/v1/on-hand", params={"lot_no": "LOT0101"})).json()
    assert sorted((r["location_code"], r["quantity"]) for r in lot["rows"]) == [
        ("EAST", 2),
        ("MAIN", 3),
    ]


async def test_import_captures_an_epcis_document_and_refuses_a_file_that_is_not_one(
    graph: Graph, neo4j: Neo4jTarget, tmp_path: Path
) -> None:
    not_epcis = tmp_path / "orders.json"
    not_epcis.write_text('{"type": "Order"}')

    result = await tracegraph(neo4j, "import", str(EPCIS_DOCUMENT), str(not_epcis))

    assert result.exit_code == 1, result.output
    assert table_rows(result.output, "posted")[0][3] == "2"  # the example's two events
    assert "EPCISDocument" in table_rows(result.output, "orders.json")[0][4]


async def test_trace_prints_the_same_rows_as_the_api(
    graph: Graph, neo4j: Neo4jTarget, client: httpx.AsyncClient, settings: Settings
) -> None:
    await load_demo(settings)
    api = (await client.get("/v1/trace", params={"serial_no": "1001",
                                                  "method": "origin-to-usage"})).json()  # fmt: skip

    result = await tracegraph(neo4j, "trace", "--serial", "1001", "--direction", "forward")

    assert result.exit_code == 0, result.output
    assert "serial_no 1001 (origin-to-usage" in result.output
    printed = [row for level in ("1", "2", "3") for row in table_rows(result.output, level)]
    assert sorted((int(r[1]), r[3], r[8], r[12]) for r in printed) == sorted(
        (r["entry_no"], r["entry_type"], r["document_no"], f"{r['quantity']:g}")
        for r in api["rows"]
    )
    assert "Packages: CONTAINER010" in result.output


async def test_recall_prints_the_customers_and_the_stock_to_quarantine(
    graph: Graph, neo4j: Neo4jTarget, settings: Settings
) -> None:
    await load_demo(settings)

    result = await tracegraph(neo4j, "recall", "--lot", "LOT200", "--item", "1928-S")

    assert result.exit_code == 0, result.output
    assert "1 customers, shipped 10, on hand 0" in result.output
    assert table_rows(result.output, "C10000") == [
        ["C10000", "SS-2026-0001", "2026-11-09", "1928-S", "", "LOT200", "10", "0"]
    ]
    assert "Stock to quarantine: 0" in result.output


async def test_export_fsma204_writes_the_workbook_of_a_lots_trace(
    graph: Graph, neo4j: Neo4jTarget, settings: Settings, tmp_path: Path
) -> None:
    await load_demo(settings)
    out = tmp_path / "lot200.xlsx"
    result = await tracegraph(neo4j, "export", "fsma204", "--lot", "LOT200", "--out", str(out))

    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["Shipping", "Receiving", "Transformation"]
    shipping = list(book["Shipping"].iter_rows(values_only=True))
    assert len(shipping) == 2, "the header, and the lamps shipped to C10000"
    assert "LOT200" in shipping[1]


async def test_an_unknown_number_exits_non_zero_with_one_line_and_writes_nothing(
    graph: Graph, neo4j: Neo4jTarget, settings: Settings, tmp_path: Path
) -> None:
    await load_demo(settings)
    out = tmp_path / "trace.xlsx"
    for args in (("trace", "--serial", "NOPE"), ("recall", "--lot", "LOT00O1"),
                 ("export", "fsma204", "--lot", "LOT00O1", "--out", str(out))):  # fmt: skip
        result = await tracegraph(neo4j, *args)
        assert result.exit_code == 4, (args, result.output)
        assert "Traceback" not in result.output
        [line] = [x for x in result.output.splitlines() if x.strip()]
        assert line.startswith("Not found: No "), line
    assert "LOT0001 is a lot of item 1900-S" in result.output
    assert not out.exists()


async def test_reads_print_csv_and_json_as_the_api_answers(
    graph: Graph, neo4j: Neo4jTarget, settings: Settings, client: httpx.AsyncClient
) -> None:
    await load_demo(settings)
    params = {"serial_no": "1001", "item_no": "1900-S", "method": "origin-to-usage"}
    api_csv = (await client.get("/v1/trace", params={**params, "format": "csv"})).text
    args = ("trace", "--serial", "1001", "--item", "1900-S", "--direction", "forward")
    as_csv = await tracegraph(neo4j, *args, "--format", "csv")
    assert as_csv.exit_code == 0, as_csv.output
    assert as_csv.stdout.splitlines() == api_csv.splitlines()
    as_json = await tracegraph(neo4j, *args, "--format", "json")
    rows = json.loads(as_json.stdout)["rows"]
    assert [r["document_no"] for r in rows] == ["PR-2026-0001", "SS-2026-0001"]
    recall = await tracegraph(neo4j, "recall", "--lot", "LOT200", "--format", "csv")
    assert recall.stdout.splitlines()[1].split(",")[:3] == ["RC-CLI", "C10000", "SS-2026-0001"]


async def test_a_trace_table_fits_a_narrow_terminal(
    graph: Graph, neo4j: Neo4jTarget, settings: Settings
) -> None:
    await load_demo(settings)
    env = {"NEO4J_URI": neo4j.uri, "NEO4J_USERNAME": neo4j.username,
           "NEO4J_PASSWORD": neo4j.password, "COLUMNS": "100"}  # fmt: skip
    result = await asyncio.to_thread(
        CliRunner().invoke, app, ["trace", "--package", "CONTAINER010"], env=env
    )
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 100
    assert "columns left out to fit; --format csv has them all" in result.output


async def test_a_bad_value_is_one_line_not_a_traceback(neo4j: Neo4jTarget) -> None:
    result = await tracegraph(neo4j, "recall", "--lot", "L" * 60)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("Invalid: numbers.0.lot_no:")
