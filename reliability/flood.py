"""Unauthenticated work (issue 33, M4): 19 MB POSTs without an API key must be answered 401 from
their headers, before the body is read, while `/health` keeps answering at once.

`measure(base_url)` sends `posts` such requests, `concurrent` at a time, each streaming its whole
body as an attacker would, and times the 401 (from the first byte sent to the status line);
meanwhile it times `GET /health` every 20 ms. `python -m reliability.flood --base-url URL` runs it
against a service already running; `python -m reliability` runs it on its own stack.
"""

import argparse
import asyncio
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

BODY_BYTES = 19_000_000
CHUNK = b"x" * 65_536


@dataclass
class FloodFigures:
    posts: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    post_ms: list[float] = field(default_factory=list)
    health_ms: list[float] = field(default_factory=list)
    health_before_ms: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, float | int | str]:
        return {
            "unauthenticated 19 MB POSTs": self.posts,
            "their answers": ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items())),
            "401 after (ms, p50)": statistics.median(self.post_ms) if self.post_ms else 0.0,
            "401 after (ms, max)": max(self.post_ms, default=0.0),
            "/health before them (ms, p50)": statistics.median(self.health_before_ms or [0.0]),
            "/health before them (ms, max)": max(self.health_before_ms, default=0.0),
            "/health during them (ms, p50)": statistics.median(self.health_ms or [0.0]),
            "/health during them (ms, max)": max(self.health_ms, default=0.0),
        }

    @property
    def holds(self) -> bool:
        return (
            self.statuses == {401: self.posts}
            and max(self.post_ms, default=0.0) < 100
            and max(self.health_ms, default=0.0) < 50
        )


async def _post(host: str, port: int, figures: FloodFigures) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    started = time.perf_counter()
    head = (f"POST /v1/postings HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {BODY_BYTES}\r\n\r\n")  # fmt: skip

    async def stream_body() -> None:
        try:
            writer.write(head.encode())
            sent = 0
            while sent < BODY_BYTES:
                writer.write(CHUNK[: BODY_BYTES - sent])
                sent += len(CHUNK)
                await writer.drain()
        except (ConnectionError, OSError):
            pass  # answered and closed before the body was all sent: as it should be

    sender = asyncio.create_task(stream_body())
    try:
        status_line = await asyncio.wait_for(reader.readline(), timeout=60)
        figures.post_ms.append((time.perf_counter() - started) * 1000)
        status = int(status_line.split()[1]) if status_line else 0
        figures.statuses[status] = figures.statuses.get(status, 0) + 1
        figures.posts += 1
    finally:
        sender.cancel()
        writer.close()


async def measure(base_url: str, *, posts: int = 100, concurrent: int = 4) -> FloodFigures:
    """The machine's own pace first (`/health` for 2 s with no flood), then during the flood."""
    url = urlsplit(base_url)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    figures = FloodFigures()
    done = threading.Event()

    def health(into: list[float], until: threading.Event) -> None:
        """In a thread of its own, so the flood's sockets do not delay its timer."""
        with httpx.Client(base_url=base_url, timeout=10) as client:
            client.get("/health")  # a warm connection
            while not until.is_set():
                started = time.perf_counter()
                client.get("/health")
                into.append((time.perf_counter() - started) * 1000)
                time.sleep(0.02)

    async def flood() -> None:
        await asyncio.sleep(0.1)
        for _ in range(posts // concurrent):
            await asyncio.gather(*(_post(host, port, figures) for _ in range(concurrent)))
        done.set()

    quiet = threading.Event()
    threading.Timer(2.0, quiet.set).start()
    await asyncio.to_thread(health, figures.health_before_ms, quiet)
    await asyncio.gather(asyncio.to_thread(health, figures.health_ms, done), flood())
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m reliability.flood")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--posts", type=int, default=100)
    args = parser.parse_args()
    figures = asyncio.run(measure(args.base_url, posts=args.posts))
    for name, value in figures.summary().items():
        print(f"{name}: {value:.1f}" if isinstance(value, float) else f"{name}: {value}")
    print("held" if figures.holds else "did not hold")
    return 0 if figures.holds else 1


if __name__ == "__main__":
    raise SystemExit(main())
