"""Schemathesis against the service's own OpenAPI: generated requests, none may be a 5xx."""

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class FuzzResult:
    cases: int
    server_errors: int
    summary: str


def fuzz(base_url: str, key: str, *, examples_per_operation: int, workdir: Path) -> FuzzResult:
    """Run schemathesis (checks: not_a_server_error) and read its summary."""
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", f"{base_url}/openapi.json",
        "--checks", "not_a_server_error", "--max-examples", str(examples_per_operation),
        "--header", f"Authorization: Bearer {key}", "--seed", "20261125", "--no-color",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, cwd=workdir, check=False)
    output = done.stdout + done.stderr
    generated = re.search(r"(\d+) generated", output)
    failures = re.search(r"(\d+) found (\d+) unique failures", output)
    tail = "\n".join(output.strip().splitlines()[-15:])
    return FuzzResult(
        cases=int(generated.group(1)) if generated else 0,
        server_errors=int(failures.group(2)) if failures else (0 if generated else -1),
        summary=tail,
    )
