"""`tracegraph import` reading real exports: a European-locale CSV, an .xlsx, ambiguous
quantities refused, --dry-run, and refusals that follow from an earlier one saying so."""

import datetime as dt
from pathlib import Path

import httpx
from openpyxl import Workbook

from service.demo import seed
from service.graph.store import Graph
from service.neo4j_local import Neo4jTarget
from tests.cli.test_cli import posted_documents, table_rows, tracegraph

HEADER = ["Entry No.", "Posting Date", "Entry Type", "Document No.", "Item No.", "Location Code",
          "Quantity", "Lot No.", "Source No."]  # fmt: skip
EUROPEAN = "\n".join([
    ";".join(HEADER),
    "201;02.11.2026;Purchase;PR-EU-1;1910-S;MAIN;1.234,5;LOT-EU;V20000",
    "202;03.11.2026;Negative Adjmt.;NA-EU-1;1910-S;MAIN;-2,5;LOT-EU;",
])  # fmt: skip


async def _on_hand(client: httpx.AsyncClient, lot: str) -> list[float]:
    rows = (await client.get("/v1/on-hand", params={"lot_no": lot})).json()["rows"]
    return [row["quantity"] for row in rows]


async def test_a_european_locale_csv_posts_its_decimal_comma_quantities(
    graph: Graph, neo4j: Neo4jTarget, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    await seed(graph)
    export = tmp_path / "ledger-de.csv"
    export.write_text(EUROPEAN, encoding="utf-8")

    result = await tracegraph(neo4j, "import", "--date-format", "%d.%m.%Y", str(export))

    assert result.exit_code == 0, result.output
    assert await _on_hand(client, "LOT-EU") == [1232.0]  # 1,234.5 received, 2.5 written off


async def test_a_quantity_the_file_cannot_tell_is_refused_then_read_as_told(
    graph: Graph, neo4j: Neo4jTarget, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    await seed(graph)
    export = tmp_path / "ledger.csv"
    export.write_text(
        ";".join(HEADER) + "\n201;2026-11-02;Purchase;PR-A;1910-S;MAIN;1.234;LOT-A;V20000"
    )

    refused = await tracegraph(neo4j, "import", str(export))

    assert refused.exit_code == 1, refused.output
    assert "could be read with a decimal point or a decimal comma" in refused.output
    assert await posted_documents(graph) == set()

    told = await tracegraph(neo4j, "import", "--decimal-point", str(export))

    assert told.exit_code == 0, told.output
    assert await _on_hand(client, "LOT-A") == [1.234]


async def test_an_xlsx_export_posts_the_quantities_and_dates_its_cells_hold(
    graph: Graph, neo4j: Neo4jTarget, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    await seed(graph)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append([301, dt.datetime(2026, 11, 2), "Purchase", "PR-X-1", "1910-S", "MAIN", 7.5,
                  "LOT-X", "V20000"])  # fmt: skip
    sheet.append([302, dt.datetime(2026, 11, 4), "Sale", "SS-X-1", "1910-S", "MAIN", -2.25,
                  "LOT-X", "C10000"])  # fmt: skip
    export = tmp_path / "Item Ledger Entries.xlsx"
    book.save(export)

    result = await tracegraph(neo4j, "import", str(export))

    assert result.exit_code == 0, result.output
    assert await posted_documents(graph) == {"PR-X-1", "SS-X-1"}
    assert await _on_hand(client, "LOT-X") == [5.25]


async def test_dry_run_lists_the_documents_and_posts_nothing(
    graph: Graph, neo4j: Neo4jTarget, tmp_path: Path
) -> None:
    await seed(graph)
    export = tmp_path / "ledger-de.csv"
    export.write_text(EUROPEAN, encoding="utf-8")

    result = await tracegraph(neo4j, "import", "--dry-run", "--date-format", "%d.%m.%Y",
                              str(export))  # fmt: skip

    assert result.exit_code == 0, result.output
    assert table_rows(result.output, "PR-EU-1")[0][1:6] == [
        "purchase receipt", "2", "1910-S", "MAIN", "1234.5",
    ]  # fmt: skip
    assert "Dry run: nothing was posted." in result.output
    assert await posted_documents(graph) == set()


async def test_a_refusal_that_follows_from_an_earlier_one_names_it(
    graph: Graph, neo4j: Neo4jTarget, tmp_path: Path
) -> None:
    await seed(graph)
    export = tmp_path / "ledger.csv"
    export.write_text("\n".join([
        ",".join(HEADER),
        "401,2026-11-02,Purchase,PR-C-1,1910-S,NOWHERE,5,LOT-C,V20000",
        "402,2026-11-03,Sale,SS-C-1,1910-S,MAIN,-2,LOT-C,C10000",
    ]))  # fmt: skip

    result = await tracegraph(neo4j, "import", str(export))

    assert result.exit_code == 1, result.output
    [first] = table_rows(result.output, "PR-C-1")
    assert "Location NOWHERE does not exist." in first[4]
    cascade = " ".join(" ".join(row) for row in table_rows(result.output, "SS-C-1"))
    assert "after PR-C-1 was refused above" in cascade
