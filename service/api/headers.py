"""Security headers on every answer (an ASGI middleware).

Every answer: `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`. The trace
viewer (`/ui`) gets a Content-Security-Policy allowing only its own files; the API docs (`/docs`)
one allowing only the Swagger UI files it serves itself (`/docs/assets`) and its own inline
script (by its SHA-256, computed from the page as served), so no other script runs on either
page.
"""

import base64
import hashlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALWAYS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
# Inline styles are allowed: Cytoscape.js styles the elements it draws into; scripts stay 'self'.
UI_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
DOCS_ASSETS = "'self'"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def docs_policy(page: bytes) -> str:
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
        for script in _INLINE_SCRIPT.findall(page)
    )
    return (
        f"default-src 'none'; script-src {DOCS_ASSETS} {hashes}; "
        f"style-src {DOCS_ASSETS} 'unsafe-inline'; "
        "img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope["path"])
        if path == "/docs":
            await self._docs(scope, receive, send)
            return
        extra = [*ALWAYS]
        if path == "/ui" or path.startswith("/ui/"):
            extra.append((b"content-security-policy", UI_POLICY.encode()))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)

    async def _docs(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The docs page is small: hold it whole to hash its inline script."""
        start: Message | None = None
        body = b""

        async def held(message: Message) -> None:
            nonlocal start, body
            if message["type"] == "http.response.start":
                start = message
                return
            body += message.get("body", b"")
            if not message.get("more_body", False) and start is not None:
                policy = (b"content-security-policy", docs_policy(body).encode())
                start["headers"] = [*start.get("headers", []), *ALWAYS, policy]
                await send(start)
                await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, held)
