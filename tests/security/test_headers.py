"""Security headers on every answer, and a Content-Security-Policy on the viewer and the docs
that lets only their own files (and the docs' own inline script) run."""

import base64
import hashlib
import re

import httpx
import pytest


@pytest.mark.parametrize("path", ["/health", "/v1/items", "/ui/", "/docs", "/openapi.json"])
async def test_every_answer_says_nosniff_and_no_referrer(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, path: str
) -> None:
    for response in (await client.get(path), await anonymous.get(path)):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"


async def test_the_viewer_may_run_only_its_own_files(client: httpx.AsyncClient) -> None:
    for path in ("/ui/", "/ui/app.js"):
        policy = (await client.get(path)).headers["content-security-policy"]
        assert "script-src 'self';" in policy  # no inline or foreign script, no eval
        assert "style-src 'self' 'unsafe-inline';" in policy  # Cytoscape.js styles its drawing
        assert "frame-ancestors 'none'" in policy


async def test_the_docs_may_run_swagger_ui_and_their_own_inline_script_only(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/docs")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    script = re.search(r"<script>(.*?)</script>", page.text, re.DOTALL)
    assert script is not None
    digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    sources = re.search(r"script-src ([^;]*);", policy)
    assert sources is not None
    assert sources.group(1).split() == ["'self'", f"'sha256-{digest}'"]
