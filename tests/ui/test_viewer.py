"""The /ui genealogy viewer, driven in headless Chromium (Debian's `chromium`, installed by
scripts/setup.sh) as a person would use it, against the app served on a real port.

Screenshots are kept as artifacts under the test's tmp dir (pytest keeps the last runs under
/tmp/pytest-of-<user>/); `TRACEGRAPH_SCREENSHOTS=docs .venv/bin/pytest tests/ui` also saves them
in docs/."""

import os
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Page, async_playwright

from service.demo import load_demo
from service.settings import Settings
from tests.api.posting_helpers import post

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = os.environ.get("TRACEGRAPH_SCREENSHOTS")
TRACED = "window.tracegraphView.recall !== null"


@pytest.fixture
async def page() -> AsyncIterator[Page]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            # Playwright evaluates the tests' own checks as strings, which the viewer's CSP
            # (no eval) refuses: bypassed here; tests/ui/test_docs.py drives it under the CSP.
            yield await browser.new_page(viewport={"width": 1500, "height": 900},
                                         accept_downloads=True, bypass_csp=True)  # fmt: skip
        finally:
            await browser.close()


async def shoot(page: Page, tmp_path: Path, name: str) -> None:
    """A screenshot kept with the test's artifacts, and in docs/ when asked for."""
    await page.screenshot(path=tmp_path / name, full_page=True)
    if SHOTS:
        await page.screenshot(path=Path(SHOTS) / name, full_page=True)


async def drawn(page: Page) -> list[dict[str, Any]]:
    """The nodes Cytoscape drew inside the graph's box: id, kind, label, collapsed count."""
    nodes: list[dict[str, Any]] = await page.evaluate("""() => {
        const cy = window.tracegraphView.cy, box = cy.extent();
        return cy.nodes().filter(n => n.visible() && n.position('x') >= box.x1
          && n.position('x') <= box.x2 && n.position('y') >= box.y1
          && n.position('y') <= box.y2).map(n => ({id: n.id(), kind: n.data('kind'),
          label: n.data('label'), count: n.data('count') || 0}));
    }""")
    return nodes


async def edge_labels(page: Page) -> set[str]:
    labels: list[str] = await page.evaluate(
        "() => window.tracegraphView.cy.edges().map(e => e.data('label'))"
    )
    return set(labels)


async def trace_link(page: Page, served: str, query: str) -> None:
    await page.goto(f"{served}/ui/?{query}")
    await page.wait_for_function(TRACED)


async def tap(page: Page, node_id: str) -> None:
    """Click a node where Cytoscape drew it."""
    x, y = await page.evaluate(
        """(id) => { const p = window.tracegraphView.cy.getElementById(id).renderedPosition();
                     const box = document.getElementById('graph').getBoundingClientRect();
                     return [box.left + p.x, box.top + p.y]; }""",
        node_id,
    )
    await page.mouse.click(x, y)


async def test_container010_draws_as_partners_package_lots_and_collapsed_serials(
    served: str, page: Page, settings: Settings, tmp_path: Path, client: httpx.AsyncClient
) -> None:
    await load_demo(settings)
    key = client.headers["Authorization"].removeprefix("Bearer ")
    await page.goto(f"{served}/ui/#key={key}")  # the link `make run` prints
    await trace_link(page, served, "package_no=CONTAINER010&method=origin-to-usage")

    nodes = {n["id"]: n for n in await drawn(page)}
    assert sorted(nodes) == [
        "customer:C10000", "group:serial:1900-S/1001", "lot:1910-S/LOT0100",
        "lot:1928-S/LOT200", "package:CONTAINER010", "vendor:V20000",
    ]  # fmt: skip
    assert nodes["group:serial:1900-S/1001"]["label"] == "4 serials\n1900-S LOT LOT0001"
    assert nodes["customer:C10000"]["label"] == "C10000\nThe Cannon Group PLC"
    assert {"PR-2026-0001 · 4", "SS-2026-0001 · 6", "SS-2026-0001 · 10", "in"} <= (
        await edge_labels(page)
    )
    legend = await page.locator("#legend li").all_inner_texts()
    assert [t.strip() for t in legend[:3]] == ["Serial No.", "Lot No.", "Item (untracked)"]
    assert "12 entries" in (await page.text_content("#status") or "")
    await shoot(page, tmp_path, "container010.png")

    # A collapsed group expands on click: the four chairs, each on its own.
    await tap(page, "group:serial:1900-S/1001")
    await page.wait_for_function(
        "window.tracegraphView.cy.getElementById('serial:1900-S/1001').length === 1"
    )
    serials = sorted(n["id"] for n in await drawn(page) if n["kind"] == "serial")
    assert serials == [f"serial:1900-S/{s}" for s in ("1001", "1002", "1003", "1004")]

    # A click on a serial: its card, block state, where it is now and its entries.
    await tap(page, "serial:1900-S/1001")
    await page.wait_for_selector("#node-details table.entries")
    details = await page.inner_text("#node-details")
    assert details.startswith("SN 1001\nItem\n1900-S\nLot\nLOT0001\nBlock state\nnot blocked")
    assert "not blocked" in details
    assert "PARIS Guest Chair 1001" in details
    assert "C10000 (SS-2026-0001)" in details
    assert "2 entries" in details
    await shoot(page, tmp_path, "ui-container010-details.png")


async def test_search_trace_recall_rows_and_every_export(
    served: str, page: Page, client: httpx.AsyncClient, settings: Settings, tmp_path: Path
) -> None:
    await load_demo(settings)
    key = client.headers["Authorization"].removeprefix("Bearer ")
    api = (await client.get("/v1/trace", params={"serial_no": "1001",
                                                  "method": "origin-to-usage"})).json()  # fmt: skip

    await page.goto(f"{served}/ui/#key={key}")
    await page.select_option("#kind", "serial_no")
    await page.fill("#number", "1001")
    await page.select_option("#method", "origin-to-usage")
    await page.click("#trace-button")
    await page.wait_for_function(TRACED)

    assert sorted(n["id"] for n in await drawn(page)) == [
        "customer:C10000", "package:CONTAINER010", "serial:1900-S/1001", "vendor:V20000"
    ]  # fmt: skip
    heads = await page.locator("#rows thead th").all_inner_texts()
    assert heads[:8] == ["Level", "Parent", "Via", "Entry", "Type", "Document kind", "Document",
                         "Date"]  # fmt: skip
    assert {"Description", "Source name", "Location", "Qty", "Remaining", "Created on"} <= set(
        heads
    )
    rows = await page.locator("#rows tbody tr").all_inner_texts()
    assert [r.split("\t")[6] for r in rows] == [r["document_no"] for r in api["rows"]]
    assert await page.text_content("#pager .page") == "rows 1 to 2 of 2 (page 1 of 1)"
    customers = await page.locator("#customers tbody tr").all_inner_texts()
    assert [c.split("\t")[:2] + c.split("\t")[-1:] for c in customers] == [
        ["C10000", "SS-2026-0001", "at customer"]
    ]

    links = {}
    for name in ("csv", "xlsx", "epcis"):
        href = await page.get_attribute(f"#export-{name}", "href")
        assert href is not None
        links[name] = httpx.URL(f"{served}/ui/").join(href).raw_path.decode()
    csv = await client.get(links["csv"])
    assert csv.text.count("\r\n") == len(api["rows"]) + 1
    assert (await client.get(links["xlsx"])).content[:2] == b"PK"
    assert (await client.get(links["epcis"])).json()["type"] == "EPCISQueryDocument"
    # The buttons themselves download, sending the key: CSV and the PNG of the graph.
    async with page.expect_download() as csv_download:
        await page.click("#export-csv")
    assert (await csv_download.value).suggested_filename == "trace.csv"
    async with page.expect_download() as png_download:
        await page.click("#export-png")
    png = await (await png_download.value).path()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    await shoot(page, tmp_path, "ui-trace-serial-1001.png")


async def test_viewer_says_not_found_and_offers_what_was_meant(
    served: str, page: Page, settings: Settings, client: httpx.AsyncClient
) -> None:
    await load_demo(settings)
    key = client.headers["Authorization"].removeprefix("Bearer ")
    await page.goto(f"{served}/ui/#key={key}")
    await page.select_option("#kind", "lot_no")
    await page.fill("#number", "LOT00O1")
    await page.click("#trace-button")
    await page.wait_for_selector("#status button.suggestion")
    status = await page.text_content("#status") or ""
    assert status.startswith("Not found: No lot LOT00O1 was found.")
    await page.click("#status button.suggestion >> nth=0")  # LOT0001, lot of 1900-S
    await page.wait_for_function(TRACED)
    assert "lot LOT0001:" in (await page.text_content("#status") or "")


def chairs(serials: list[str], lot: str, package: str = "") -> dict[str, Any]:
    extra = {"package_no": package} if package else {}
    return {"item_no": "1900-S", "location_code": "MAIN", "quantity": len(serials),
            "tracking": [{"serial_no": s, "lot_no": lot, **extra} for s in serials]}  # fmt: skip


async def test_a_pallet_of_fifty_chairs_reads_as_one_group_per_path(
    served: str, page: Page, client: httpx.AsyncClient, settings: Settings, tmp_path: Path
) -> None:
    await load_demo(settings)
    key = client.headers["Authorization"].removeprefix("Bearer ")
    assert (await client.post("/v1/customers", json={"no": "C20000", "name": "Selangorian Ltd."})
            ).status_code == 201  # fmt: skip
    serials = [f"P{i:03d}" for i in range(50)]
    received = await post(client, "purchase_receipt", "PR-PAL", [chairs(serials, "LOTP", "PAL100")])
    assert received.status_code == 201, received.text
    for document, customer, part in (("SS-PAL-1", "C10000", serials[:30]),
                                     ("SS-PAL-2", "C20000", serials[30:45])):  # fmt: skip
        shipped = await post(client, "sales_shipment", document, [chairs(part, "LOTP")],
                             customer_no=customer, posting_date="2026-11-05")  # fmt: skip
        assert shipped.status_code == 201, shipped.text

    await page.goto(f"{served}/ui/#key={key}")
    await trace_link(page, served, "package_no=PAL100&method=origin-to-usage")

    assert "95 entries" in (await page.text_content("#status") or "")
    groups = sorted((n["label"], n["count"]) for n in await drawn(page) if n["count"])
    assert groups == [("15 serials\n1900-S LOT LOTP", 15), ("30 serials\n1900-S LOT LOTP", 30),
                      ("5 serials\n1900-S LOT LOTP", 5)]  # fmt: skip
    assert {"PR-PAL · 30", "PR-PAL · 15", "PR-PAL · 5", "SS-PAL-1 · 30", "SS-PAL-2 · 15"} <= (
        await edge_labels(page)
    )
    assert await page.text_content("#pager .page") == "rows 1 to 95 of 95 (page 1 of 1)"
    await shoot(page, tmp_path, "ui-pallet-95-entries.png")

    await page.click("#expand-all")
    count_serials = "window.tracegraphView.cy.nodes('[kind = \"serial\"]').length"
    assert await page.evaluate(count_serials) == 50


async def test_a_thousand_entry_trace_paints_and_pages(
    served: str, page: Page, client: httpx.AsyncClient, settings: Settings, tmp_path: Path
) -> None:
    await load_demo(settings)
    key = client.headers["Authorization"].removeprefix("Bearer ")
    for no in ("C20000", "C30000"):
        assert (await client.post("/v1/customers", json={"no": no, "name": no})).status_code == 201
    serials = [f"B{i:04d}" for i in range(500)]
    received = await post(client, "purchase_receipt", "PR-BIG", [chairs(serials, "LOTBIG")])
    assert received.status_code == 201, received.text
    customers = ["C10000", "C20000", "C30000"]
    for n in range(10):  # ten shipments of 50 chairs, each with its own path
        part = serials[n * 50 : (n + 1) * 50]
        shipped = await post(client, "sales_shipment", f"SS-BIG-{n}", [chairs(part, "LOTBIG")],
                             customer_no=customers[n % 3], posting_date="2026-11-06")  # fmt: skip
        assert shipped.status_code == 201, shipped.text

    await page.goto(f"{served}/ui/#key={key}")
    await page.fill("#number", "LOTBIG")
    await page.select_option("#kind", "lot_no")
    await page.select_option("#method", "origin-to-usage")
    started = time.perf_counter()
    await page.click("#trace-button")
    await page.wait_for_function("window.tracegraphView.timings.draw !== undefined")
    await page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(null)))")
    first_paint = time.perf_counter() - started
    timings = await page.evaluate("window.tracegraphView.timings")
    print(
        f"\n1,000-entry trace: graph painted {first_paint:.2f} s after the click (the trace "
        f"answered in {timings['trace']:.0f} ms, model and layout {timings['draw']:.0f} ms)"
    )
    await page.wait_for_function(TRACED)

    assert "1000 entries" in (await page.text_content("#status") or "")
    assert len(await drawn(page)) == 14  # vendor, 10 groups of 50 chairs, 3 customers
    assert await page.text_content("#pager .page") == "rows 1 to 100 of 1000 (page 1 of 10)"
    await page.click("#pager .next")
    assert await page.text_content("#pager .page") == "rows 101 to 200 of 1000 (page 2 of 10)"
    assert first_paint < 20  # the target (1 s) is reported, not asserted: hosts differ
    await shoot(page, tmp_path, "ui-1000-entries.png")

    # Every one of the 1,000 entries' 504 nodes drawn at once: still laid out, and measured.
    started = time.perf_counter()
    await page.click("#expand-all")
    await page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(null)))")
    expanded = time.perf_counter() - started
    count = await page.evaluate("window.tracegraphView.cy.nodes().length")
    print(f"1,000-entry trace, all {count} nodes drawn: {expanded:.2f} s")
    assert count == 504
    await shoot(page, tmp_path, "ui-1000-entries-expanded.png")
