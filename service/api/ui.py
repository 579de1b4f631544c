"""`/ui`: the genealogy viewer, static files served as they are, with Cytoscape.js, dagre and
cytoscape-dagre from `ui/node_modules` (installed from npm by scripts/setup.sh; never
committed)."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

UI_DIR = Path(__file__).resolve().parents[1] / "ui"
NODE_MODULES = Path(__file__).resolve().parents[2] / "ui" / "node_modules"
# /ui/vendor/<name>/ serves only the browser build of each package the page loads.
VENDOR = {
    "cytoscape": NODE_MODULES / "cytoscape" / "dist",
    "dagre": NODE_MODULES / "dagre" / "dist",
    "cytoscape-dagre": NODE_MODULES / "cytoscape-dagre",
}


def install(app: FastAPI) -> None:
    # The page says how to fix it when `make setup` has not installed Cytoscape.js yet.
    for name, directory in VENDOR.items():
        app.mount(f"/ui/vendor/{name}", StaticFiles(directory=directory, check_dir=False),
                  f"ui-vendor-{name}")  # fmt: skip
    app.mount("/ui", StaticFiles(directory=UI_DIR, html=True), "ui")
