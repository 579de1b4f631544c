"""`/docs` as an integrator meets it: Swagger UI from the service's own files (it renders with
no network: the test browser has none), its Authorize button taking an API key, and "Try it
out" tracing serial 1001 with it; `/` leads to the viewer."""

import re

import httpx
from playwright.async_api import async_playwright

from service.demo import load_demo
from service.settings import Settings
from tests.ui.test_viewer import CHROMIUM, FLAGS


async def test_docs_name_no_address_outside_the_service(anonymous: httpx.AsyncClient) -> None:
    page = await anonymous.get("/docs")
    assert page.status_code == 200
    assert not re.search(r"(src|href)=['\"]https?://", page.text), page.text
    for asset in ("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css"):
        assert (await anonymous.get(asset)).status_code == 200


async def test_the_openapi_document_declares_the_key_and_the_problems(
    anonymous: httpx.AsyncClient,
) -> None:
    schema = (await anonymous.get("/openapi.json")).json()
    assert set(schema["components"]["securitySchemes"]) == {"bearer", "apiKeyHeader"}
    trace = schema["paths"]["/v1/trace"]["get"]
    assert {"bearer": []} in trace["security"]
    problem = trace["responses"]["404"]["content"]["application/problem+json"]
    assert problem["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert schema["paths"]["/health"]["get"]["security"] == []


async def test_root_leads_to_the_viewer(anonymous: httpx.AsyncClient) -> None:
    answer = await anonymous.get("/")
    assert (answer.status_code, answer.headers["location"]) == (307, "/ui/")


async def test_authorize_then_try_it_out_traces_serial_1001_offline(
    served: str, settings: Settings, client: httpx.AsyncClient
) -> None:
    await load_demo(settings)
    key = client.headers["Authorization"].removeprefix("Bearer ")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = await browser.new_page(viewport={"width": 1400, "height": 900})
            await page.goto(f"{served}/docs")
            await page.wait_for_selector(".swagger-ui .info .title")
            assert "Tracegraph" in (await page.text_content(".swagger-ui .info .title") or "")
            await page.click("button.authorize")
            await page.fill(".auth-container input[type=text], .auth-container input", key)
            await page.click(".auth-btn-wrapper button.authorize")
            await page.click("button.btn-done")
            operation = page.locator("#operations-tracing-trace_v1_trace_get")
            await operation.locator(".opblock-summary").click()
            await operation.locator("input[placeholder='serial_no']").fill("1001")
            await operation.locator("button.execute").click()
            status = operation.locator(".live-responses-table tbody .response-col_status").first
            await status.wait_for()
            assert (await status.text_content() or "").strip() == "200"
        finally:
            await browser.close()


async def test_the_viewer_works_under_its_own_content_security_policy(
    served: str, settings: Settings, client: httpx.AsyncClient
) -> None:
    """The other viewer tests let Playwright evaluate their checks (the CSP forbids eval); this
    one drives the page with the policy enforced and reads only the DOM."""
    await load_demo(settings)
    key = client.headers["Authorization"].removeprefix("Bearer ")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = await browser.new_page()
            violations: list[str] = []
            page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text
                    else None)  # fmt: skip
            await page.goto(f"{served}/ui/?serial_no=1001&method=origin-to-usage#key={key}")
            await page.locator("#status", has_text="entries").wait_for()
            assert "packages: CONTAINER010" in (await page.text_content("#status") or "")
            assert violations == []
        finally:
            await browser.close()
