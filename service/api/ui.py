"""`/ui`: the trace viewer, static files served as they are, with Cytoscape.js from
`ui/node_modules` (installed from npm by scripts/setup.sh; never committed)."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

UI_DIR = Path(__file__).resolve().parents[1] / "ui"
CYTOSCAPE_DIR = Path(__file__).resolve().parents[2] / "ui" / "node_modules" / "cytoscape" / "dist"


def install(app: FastAPI) -> None:
    # The page says how to fix it when `make setup` has not installed Cytoscape.js yet.
    app.mount("/ui/vendor", StaticFiles(directory=CYTOSCAPE_DIR, check_dir=False), "ui-vendor")
    app.mount("/ui", StaticFiles(directory=UI_DIR, html=True), "ui")
