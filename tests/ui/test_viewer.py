"""The /ui trace viewer, driven in headless Chromium (Debian's `chromium`, installed by
scripts/setup.sh) as a person would use it, against the app served on a real port.

`TRACEGRAPH_SCREENSHOTS=docs .venv/bin/pytest tests/ui` also saves the screenshots in docs/."""

import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, async_playwright

from service.demo import load_demo
from service.settings import Settings

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


@pytest.fixture
async def page() -> AsyncIterator[Page]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            # Playwright evaluates the tests' own checks as strings, which the viewer's CSP
            # (no eval) refuses; the page's own scripts stay under it.
            yield await browser.new_page(viewport={"width": 1500, "height": 820}, bypass_csp=True)
        finally:
            await browser.close()


async def rendered_nodes(page: Page) -> int:
    """Nodes Cytoscape drew inside the graph's box."""
    count: int = await page.evaluate("""() => {
        const cy = window.tracegraphView.cy, box = cy.extent();
        return cy.nodes().filter(n => n.visible() && n.position('x') >= box.x1
          && n.position('x') <= box.x2 && n.position('y') >= box.y1
          && n.position('y') <= box.y2).length;
    }""")
    return count


async def test_viewer_traces_numbers_with_their_graph_rows_recall_and_exports(
    served: str, page: Page, client: httpx.AsyncClient, settings: Settings
) -> None:
    await load_demo(settings)
    key = client.headers["Authorization"].removeprefix("Bearer ")
    api = (await client.get("/v1/trace", params={"serial_no": "1001",
                                                  "method": "origin-to-usage"})).json()  # fmt: skip

    await page.goto(f"{served}/ui/#key={key}")  # the link `make run` prints
    await page.select_option("#kind", "serial_no")
    await page.fill("#number", "1001")
    await page.select_option("#method", "origin-to-usage")
    await page.click("#trace-button")
    await page.wait_for_function("() => window.tracegraphView.recall !== null")

    assert await page.text_content("#row-count") == f"{len(api['rows'])} rows"
    assert await rendered_nodes(page) == len(api["rows"]) == 2
    rows = await page.locator("#rows tbody tr").all_inner_texts()
    assert [r.split("\t")[7] for r in rows] == [r["document_no"] for r in api["rows"]]
    customers = await page.locator("#customers tbody tr").all_inner_texts()
    assert [c.split("\t")[:2] for c in customers] == [["C10000", "SS-2026-0001"]]
    csv_link = await page.get_attribute("#export-csv", "href")
    epcis_link = await page.get_attribute("#export-epcis", "href")
    assert csv_link is not None
    assert epcis_link is not None
    csv = await client.get(httpx.URL(f"{served}/ui/").join(csv_link).raw_path.decode())
    assert csv.text.count("\r\n") == len(api["rows"]) + 1
    epcis = await client.get(httpx.URL(f"{served}/ui/").join(epcis_link).raw_path.decode())
    assert epcis.json()["type"] == "EPCISQueryDocument"
    if SHOTS:
        await page.screenshot(path=Path(SHOTS) / "ui-trace-serial-1001.png")

    # A link opens straight on a trace: CONTAINER010 forward.
    params = {"package_no": "CONTAINER010", "method": "origin-to-usage"}
    api = (await client.get("/v1/trace", params=params)).json()

    await page.goto(f"{served}/ui/?package_no=CONTAINER010&method=origin-to-usage")
    await page.wait_for_function("() => window.tracegraphView.recall !== null")

    assert await rendered_nodes(page) == len(api["rows"]) == 12
    status = await page.text_content("#status")
    assert "packages: CONTAINER010" in (status or "")
    assert "1 customers" in (await page.text_content("#recall-totals") or "")
    if SHOTS:
        await page.screenshot(path=Path(SHOTS) / "container010.png")


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
    await page.wait_for_function("window.tracegraphView.recall !== null")
    assert "lot LOT0001:" in (await page.text_content("#status") or "")
