"""`tracegraph`: serve the API, run the local Neo4j, load the demo data, import ledger exports
and EPCIS documents, trace and recall in the terminal.

The commands that read or post talk to Neo4j directly through the service's graph layer (the
same functions the API calls), finding Neo4j the way `serve` does (`NEO4J_URI`, else the local
'dev' instance, started if needed and left running).
"""

import asyncio
import enum
import getpass
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
import uvicorn
from pydantic import SecretStr
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from service.neo4j_local import (
    LocalNeo4jConfig,
    Neo4jLaunchError,
    Neo4jTarget,
    launcher,
    neo4j_target,
)
from service.settings import Settings, get_settings

if TYPE_CHECKING:
    from service.domain.tracing import TraceMethod
    from service.graph.store import Graph
    from service.graph.tracing import TraceFilter

app = typer.Typer(
    help="Tracegraph: serial, lot and package traceability on Neo4j.", no_args_is_help=True
)
neo4j_app = typer.Typer(
    help="The local Neo4j (Maven Central jars, no Docker).", no_args_is_help=True
)
demo_app = typer.Typer(help="The demo data.", no_args_is_help=True)
key_app = typer.Typer(help="API keys.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(demo_app, name="demo")
export_app = typer.Typer(help="Exports for regulators.", no_args_is_help=True)
app.add_typer(key_app, name="api-key")
app.add_typer(export_app, name="export")
console = Console(stderr=True)
T = TypeVar("T")

InstanceOpt = Annotated[str, typer.Option(help="Local instance: 'dev' (run) or 'test'.")]


def _settings_for(target: Neo4jTarget) -> Settings:
    return get_settings().model_copy(
        update={
            "neo4j_uri": target.uri,
            "neo4j_username": target.username,
            "neo4j_password": SecretStr(target.password),
        }
    )


@app.command()
def serve(
    demo: Annotated[bool, typer.Option(help="Load the demo data before serving.")] = True,
    host: Annotated[str | None, typer.Option(help="Bind address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
) -> None:
    """Find Neo4j (NEO4J_URI, Docker, or the local one, started if needed) and serve the API."""
    from service.demo import load_demo
    from service.logs import configure_logging
    from service.main import create_app, server_options

    configure_logging(logging.INFO)
    try:
        with neo4j_target(instance="dev") as target:
            console.print(
                f"[green]Neo4j[/green] via {target.origin}: {target.uri} ({target.detail})"
            )
            settings = _settings_for(target)
            if demo:
                summary, key = asyncio.run(load_demo(settings))
                console.print(f"[green]Demo data loaded:[/green] {summary}")
                console.print(f"[bold]API key for this demo (admin):[/bold] {key}")
                console.print(f"  curl -H 'Authorization: Bearer {key}' ...")
                ui_host = settings.api_host
                console.print(
                    f"  trace viewer: http://{ui_host}:{port or settings.api_port}/ui/#key={key}"
                )
            bind_host = host or settings.api_host
            bind_port = port or settings.api_port
            console.print(f"API on http://{bind_host}:{bind_port} (docs at /docs)")
            # In-flight requests get `shutdown_grace_seconds` to finish on SIGTERM/SIGINT, then
            # the lifespan closes the driver.
            uvicorn.run(
                create_app(settings),
                host=bind_host,
                port=bind_port,
                log_level="info",
                log_config=None,
                access_log=False,
                timeout_graceful_shutdown=int(settings.shutdown_grace_seconds),
                **server_options(settings),
            )
    except Neo4jLaunchError as exc:
        console.print(f"[red]Neo4j could not start:[/red] {exc}")
        raise typer.Exit(1) from exc


@neo4j_app.command("start")
def neo4j_start(instance: InstanceOpt = "dev") -> None:
    """Start the local Neo4j in the background (reuses a running one)."""
    config = LocalNeo4jConfig.from_env(instance)
    try:
        pid = launcher.start(config)
    except Neo4jLaunchError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(
        f"Neo4j '{instance}' running, pid {pid}: Bolt {config.bolt_uri}, "
        f"Browser http://127.0.0.1:{config.http_port}/browser/"
    )


@neo4j_app.command("stop")
def neo4j_stop(instance: InstanceOpt = "dev") -> None:
    """Stop the local Neo4j cleanly (SIGTERM)."""
    stopped = launcher.stop(LocalNeo4jConfig.from_env(instance))
    console.print("stopped" if stopped else "was not running")


@neo4j_app.command("status")
def neo4j_status(instance: InstanceOpt = "dev") -> None:
    """Say whether the local Neo4j runs and answers on Bolt."""
    config = LocalNeo4jConfig.from_env(instance)
    state = launcher.status(config)
    console.print(
        f"instance '{instance}': pid {state.pid or '-'}, Bolt {config.bolt_uri} "
        f"{'answers' if state.bolt_answers else 'does not answer'}"
    )
    raise typer.Exit(0 if state.running and state.bolt_answers else 3)


@neo4j_app.command("credentials")
def neo4j_credentials(instance: InstanceOpt = "dev") -> None:
    """Print the local Neo4j's user and password (for Neo4j Browser); nothing else prints it."""
    config = LocalNeo4jConfig.from_env(instance)
    try:
        password = launcher.password_of(config)
    except Neo4jLaunchError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    print(f"user: neo4j\npassword: {password}")


@demo_app.command("load")
def demo_load() -> None:
    """Load the demo data into the Neo4j the service would use."""
    from service.demo import load_demo

    with neo4j_target(instance="dev", keep_running=True) as target:
        summary, key = asyncio.run(load_demo(_settings_for(target)))
        console.print(summary)
        console.print(f"API key for this demo (admin): {key}")


@key_app.command("create")
def api_key_create(
    name: Annotated[str, typer.Option(help="Who or what uses the key.")],
    scope: Annotated[
        list[str] | None, typer.Option(help="read, post or admin (repeat for several).")
    ] = None,
) -> None:
    """Make an API key in the Neo4j the service uses; prints the key (shown only this once)."""
    from service.domain.api_keys import ApiKeyCreate, NewApiKey
    from service.graph.api_keys import create_api_key

    request = ApiKeyCreate.model_validate({"name": name, "scopes": scope or ["read"]})

    async def work(graph: "Graph") -> NewApiKey:
        return await create_api_key(graph, request=request)

    created = _with_graph(work)
    console.print(f"API key '{created.name}' ({', '.join(created.scopes)}):")
    print(created.key)


def _with_graph(work: "Callable[[Graph], Awaitable[T]]") -> T:
    """Run `work` on the graph the service would use (schema applied), then close it."""
    from service.graph.schema import apply_schema
    from service.graph.store import UNAVAILABLE_ERRORS, open_graph_for

    async def run(settings: Settings) -> T:
        graph = open_graph_for(settings)
        try:
            await apply_schema(graph)
            return await work(graph)
        finally:
            await graph.close()

    try:
        with neo4j_target(instance="dev", keep_running=True) as target:
            try:
                return asyncio.run(run(_settings_for(target)))
            except UNAVAILABLE_ERRORS as exc:
                console.print(f"[red]Neo4j at {target.uri} does not answer:[/red] {exc}")
                raise typer.Exit(3) from exc
    except Neo4jLaunchError as exc:
        console.print(f"[red]Neo4j could not start:[/red] {exc}")
        raise typer.Exit(1) from exc


def _out() -> Console:
    """Results go to stdout (progress and messages to stderr), at the terminal's width now."""
    return Console()


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


Paths = Annotated[
    list[Path],
    typer.Argument(
        exists=True, dir_okay=False, readable=True,
        help="Business Central item ledger entries (.csv) or EPCIS 2.0 documents (.json, .jsonld)",
    ),
]  # fmt: skip


@app.command("import")
def import_files(
    paths: Paths,
    create_items: Annotated[
        bool,
        typer.Option(
            help="Create items the ledger names but Tracegraph lacks, with no item tracking code "
            "(without it their documents are refused)."
        ),
    ] = False,
    date_format: Annotated[
        str, typer.Option(help="strptime format of the CSV's dates, e.g. %m/%d/%Y.")
    ] = "%Y-%m-%d",
) -> None:
    """Import ledger exports and EPCIS documents. Each document posts through the posting rules
    in one transaction or not at all; a summary lists what was refused and why. Importing a
    file again posts nothing twice. Exits 1 when anything was refused."""
    from service.domain.imports import ImportFileError, parse_item_ledger_csv
    from service.errors import DomainError
    from service.graph.imports import DocumentOutcome, import_documents, import_epcis
    from service.terminal import import_summary, refused_table

    async def work(graph: "Graph") -> list[DocumentOutcome]:
        outcomes: list[DocumentOutcome] = []
        with _progress() as progress:
            for path in paths:
                if path.suffix.lower() == ".csv":
                    try:
                        documents = parse_item_ledger_csv(
                            path.read_text(encoding="utf-8-sig"), date_format=date_format
                        )
                    except ImportFileError as exc:
                        console.print(f"[red]{path}:[/red] {exc}")
                        raise typer.Exit(2) from exc
                    task = progress.add_task(path.name, total=len(documents))
                    created, done = await import_documents(
                        graph,
                        documents=documents,
                        create_items=create_items,
                        advance=lambda _, task=task: progress.advance(task),  # type: ignore[misc]
                    )
                    if created:
                        console.print(f"created items (no tracking code): {', '.join(created)}")
                    outcomes += done
                    continue
                task = progress.add_task(path.name, total=1)
                try:
                    result = await import_epcis(graph, document=json.loads(path.read_text()))
                except (ValueError, DomainError) as exc:
                    reason = exc.message if isinstance(exc, DomainError) else f"not JSON: {exc}"
                    code = exc.code if isinstance(exc, DomainError) else "not-json"
                    outcomes.append(DocumentOutcome(kind="epcis", document_no=path.name,
                                                    lines=[], outcome="refused", reason=reason,
                                                    code=code))  # fmt: skip
                else:
                    outcomes.append(DocumentOutcome(
                        kind="epcis", document_no=path.name, lines=[],
                        outcome="posted" if result.captured else "already imported",
                        events=result.captured,
                    ))  # fmt: skip
                progress.advance(task)
        return outcomes

    outcomes = _with_graph(work)
    _out().print(import_summary(outcomes))
    if any(o.outcome == "refused" for o in outcomes):
        _out().print(refused_table(outcomes))
        raise typer.Exit(1)


class Direction(enum.StrEnum):
    backward = "backward"
    forward = "forward"


class Components(enum.StrEnum):
    no = "no"
    item_tracked_only = "item-tracked-only"
    all = "all"


SerialOpt = Annotated[str | None, typer.Option("--serial", help="Serial No.")]
LotOpt = Annotated[str | None, typer.Option("--lot", help="Lot No.")]
PackageOpt = Annotated[str | None, typer.Option("--package", help="Package No.")]
ItemOpt = Annotated[str | None, typer.Option("--item", help="Item No.")]
DirectionOpt = Annotated[
    Direction, typer.Option(help="backward: usage to origin; forward: origin to usage.")
]


def _trace_filter(
    serial: str | None, lot: str | None, package: str | None, item: str | None
) -> "TraceFilter":
    """The numbers to trace, or exit 2 saying what to name."""
    from service.graph.tracing import TraceFilter

    if not any((serial, lot, package, item)):
        console.print("[red]Name a --serial, --lot, --package or --item to trace.[/red]")
        raise typer.Exit(2)
    return TraceFilter(serial_no=serial, lot_no=lot, package_no=package,
                       item_no=item.upper() if item else None)  # fmt: skip


def _method(direction: Direction) -> "TraceMethod":
    return "origin-to-usage" if direction == Direction.forward else "usage-to-origin"


@app.command()
def trace(
    serial: SerialOpt = None,
    lot: LotOpt = None,
    package: PackageOpt = None,
    item: ItemOpt = None,
    direction: DirectionOpt = Direction.backward,
    components: Annotated[
        Components, typer.Option(help="Which components of outputs to follow backward.")
    ] = Components.item_tracked_only,
) -> None:
    """Trace a serial, lot or package number: a tree of levels, then the rows (the same as
    GET /v1/trace)."""
    from service.domain.tracing import Trace
    from service.graph import tracing
    from service.terminal import trace_table, trace_tree

    where = _trace_filter(serial, lot, package, item)

    async def work(graph: "Graph") -> Trace:
        return await tracing.trace(
            graph, where=where, method=_method(direction), components=components.value,
            with_graph=False,
        )  # fmt: skip

    found = _with_graph(work)
    named = ", ".join(f"{k} {v}" for k, v in where.model_dump(exclude_none=True).items())
    _out().print(trace_tree(found, named))
    _out().print(trace_table(found))
    if found.packages:
        _out().print(f"Packages: {', '.join(found.packages)}")


Numbers = Annotated[list[str] | None, typer.Option(help="Repeat for several.")]


@app.command()
def recall(
    serial: Numbers = None,
    lot: Numbers = None,
    package: Numbers = None,
    item: Annotated[str | None, typer.Option(help="Item No. of the numbers")] = None,
    recall_no: Annotated[str, typer.Option(help="Names the recall in audit records")] = "RC-CLI",
    reason: Annotated[str, typer.Option()] = "Recall impact",
    user: Annotated[str | None, typer.Option(help="Default: the login name")] = None,
    block: Annotated[bool, typer.Option(help="Block every affected number on hand.")] = False,
) -> None:
    """Recall impact: the customers with each shipment, and the stock to quarantine."""
    from service.domain.recalls import Recall, RecallRequest
    from service.graph import recalls
    from service.terminal import recall_customers, recall_stock

    numbers = [{"serial_no": n, "item_no": item} for n in serial or []]
    numbers += [{"lot_no": n, "item_no": item} for n in lot or []]
    numbers += [{"package_no": n} for n in package or []]
    if not numbers:
        console.print("[red]Name at least one --serial, --lot or --package.[/red]")
        raise typer.Exit(2)
    request = RecallRequest.model_validate({
        "recall_no": recall_no, "reason": reason, "user": user or getpass.getuser(),
        "numbers": numbers, "block": block,
    })  # fmt: skip

    async def work(graph: "Graph") -> Recall:
        import datetime as dt

        return await recalls.recall(graph, request=request, as_of=dt.date.today())

    found = _with_graph(work)
    t = found.totals
    _out().print(
        f"[bold]Recall {found.recall_no}[/bold]: {t.affected_numbers} affected numbers, "
        f"{t.customers} customers, shipped {t.shipped_quantity:g}, "
        f"on hand {t.on_hand_quantity:g} (open {t.open_quantity:g}, "
        f"expired {t.expired_quantity:g}, blocked {t.blocked_quantity:g})"
    )
    _out().print(recall_customers(found))
    _out().print(recall_stock(found))
    if found.blocked_now:
        _out().print(f"Blocked now: {len(found.blocked_now)} numbers")


@export_app.command("fsma204")
def export_fsma204(
    out: Annotated[Path, typer.Option("--out", help="The workbook to write (.xlsx)")],
    serial: SerialOpt = None,
    lot: LotOpt = None,
    package: PackageOpt = None,
    item: ItemOpt = None,
    direction: DirectionOpt = Direction.forward,
) -> None:
    """The FDA FSMA 204 sortable spreadsheet (Shipping, Receiving and Transformation tabs) of a
    trace, as GET /v1/trace?format=xlsx writes it."""
    from service.domain.fsma import FsmaSheets
    from service.domain.workbook import xlsx
    from service.graph import tracing

    where = _trace_filter(serial, lot, package, item)

    async def work(graph: "Graph") -> FsmaSheets:
        return await tracing.trace_fsma(
            graph, where=where, method=_method(direction), components="all"
        )

    sheets = _with_graph(work)
    out.write_bytes(xlsx(sheets.tabs()))
    counts = ", ".join(f"{name} {len(rows)}" for name, _, rows in sheets.tabs())
    console.print(f"wrote {out} ({counts} rows)")
