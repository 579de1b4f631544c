"""`tracegraph`: serve the API, run the local Neo4j, load the demo data, import ledger exports
and EPCIS documents, trace and recall in the terminal.

The commands that read or post talk to Neo4j directly through the service's graph layer (the
same functions the API calls), finding Neo4j the way `serve` does (`NEO4J_URI`, else the local
'dev' instance, started if needed and left running).

Exit codes: 0 done; 1 the local Neo4j could not start; 2 the command was called wrongly; 3 Neo4j
does not answer; 4 a number (or other thing named) was not found; 5 the service refused (a rule,
a conflict, a value it cannot take). Each failure prints one line saying why.
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
from pydantic import BaseModel, SecretStr
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from service.errors import DomainError, NotFound
from service.neo4j_local import (
    LocalNeo4jConfig,
    Neo4jLaunchError,
    Neo4jTarget,
    launcher,
    neo4j_target,
)
from service.settings import Settings, get_settings

if TYPE_CHECKING:
    from service.access import AdminAccess
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
M = TypeVar("M", bound=BaseModel)


class OutputFormat(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


FormatOpt = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        help="table (fits the terminal), csv (every column, as the API's format=csv) or json "
        "(the API's answer).",
    ),
]


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
    demo: Annotated[
        bool, typer.Option(help="Load the demo data if the database is empty (first start).")
    ] = True,
    host: Annotated[str | None, typer.Option(help="Bind address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
) -> None:
    """Find Neo4j (NEO4J_URI, Docker, or the local one, started if needed) and serve what it
    holds. Nothing is deleted: the demo loads only into an empty database."""
    from service.logs import configure_logging
    from service.main import create_app, server_options

    configure_logging(logging.INFO)
    try:
        with neo4j_target(instance="dev") as target:
            console.print(
                f"[green]Neo4j[/green] via {target.origin}: {target.uri} ({target.detail})"
            )
            settings = _settings_for(target)
            access = asyncio.run(_prepare_to_serve(settings, demo=demo))
            bind_host = host or settings.api_host
            bind_port = port or settings.api_port
            _announce_admin_access(access, f"http://{bind_host}:{bind_port}")
            _announce_addresses(f"http://{bind_host}:{bind_port}", target)
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


async def _prepare_to_serve(settings: Settings, *, demo: bool) -> "AdminAccess":
    """Before serving: the demo into an empty database (said either way), and the first admin
    key if the database has none."""
    from service.access import bootstrap_admin_key
    from service.demo import DatabaseNotEmpty, load_demo_into
    from service.graph.admin import count_data
    from service.graph.schema import apply_schema
    from service.graph.store import open_graph_for

    graph = open_graph_for(settings)
    try:
        await apply_schema(graph)
        where = f"database '{settings.neo4j_database}' at {settings.neo4j_uri}"
        if demo:
            try:
                summary = await load_demo_into(graph)
            except DatabaseNotEmpty as exc:
                console.print(
                    f"Serving the data {where} holds ({exc.nodes} nodes); the demo loads only "
                    "into an empty database."
                )
            else:
                console.print(f"[green]The database was empty: demo data loaded:[/green] {summary}")
        else:
            console.print(f"Serving the data {where} holds ({await count_data(graph)} nodes).")
        return await bootstrap_admin_key(graph, data_dir=settings.data_dir)
    finally:
        await graph.close()


def _announce_addresses(base_url: str, target: Neo4jTarget) -> None:
    """Where each surface is and how to log in to it (never a secret: where to find it)."""
    console.print(f"API        {base_url}/v1/...   send the admin key: Authorization: Bearer <key>")
    console.print(f"API docs   {base_url}/docs      Authorize with the admin key")
    console.print(f"Viewer     {base_url}/ui/       the link above carries the key (#key=...)")
    if target.origin == "local":
        config = LocalNeo4jConfig.from_env("dev")
        console.print(
            f"Browser    http://127.0.0.1:{config.http_port}/browser/   connect to "
            f"{target.uri} as {target.username}; password: `tracegraph neo4j credentials`"
        )
    else:
        console.print(f"Neo4j      {target.uri} as {target.username} ({target.origin})")


def _announce_admin_access(access: "AdminAccess", base_url: str) -> None:
    """The new admin key, printed this once; afterwards only where it is kept."""
    if access.key is not None:
        console.print(
            f"[bold]Admin API key[/bold] (made on this first start, printed only now; kept in "
            f"{access.path}, readable by you only): {access.key}"
        )
        console.print(f"  curl -H 'Authorization: Bearer {access.key}' ...")
        console.print(f"  trace viewer: {base_url}/ui/#key={access.key}")
    elif access.admin_keys:
        console.print(
            f"Admin API keys: {access.admin_keys} in the database, none in {access.path} "
            "(`tracegraph api-key list`; `tracegraph api-key create --scope admin` for another)"
        )
    else:
        console.print(f"Admin API key: in {access.path} (trace viewer: {base_url}/ui/)")


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
    """Load the demo data into the Neo4j the service would use, if its database is empty;
    refuses (exit 1, nothing changed) when it holds data."""
    from service.demo import DatabaseNotEmpty, load_demo_into

    async def work(graph: "Graph") -> str:
        return await load_demo_into(graph)

    try:
        summary = _with_graph(work)
    except DatabaseNotEmpty as exc:
        console.print(
            f"[red]Not loaded:[/red] {exc}. Nothing was changed; `tracegraph reset` empties it."
        )
        raise typer.Exit(1) from exc
    console.print(f"Demo data loaded: {summary}")


def _local_instance(instance: str) -> LocalNeo4jConfig:
    """The local instance to back up or restore; exits 2 when NEO4J_URI names another server."""
    import os
    from urllib.parse import urlsplit

    config = LocalNeo4jConfig.from_env(instance)
    uri = os.environ.get("NEO4J_URI")
    if uri and not (urlsplit(uri).hostname in {"127.0.0.1", "localhost"}
                    and urlsplit(uri).port == config.bolt_port):  # fmt: skip
        console.print(
            f"[red]NEO4J_URI names {uri}, not the local instance '{instance}'[/red]: back up a "
            "server of your own with its tools (docs/operations.md says which)."
        )
        raise typer.Exit(2)
    return config


@app.command()
def backup(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="The dump file to write.")],
    instance: InstanceOpt = "dev",
) -> None:
    """Dump the local Neo4j's database to FILE (neo4j-admin database dump). Neo4j Community dumps
    offline: the instance stops, is dumped, and starts again; meanwhile the service answers 503
    with Retry-After."""
    from service.neo4j_local.backup import dump

    config = _local_instance(instance)
    if file.exists():
        console.print(f"[red]{file} exists[/red]: name a new file (nothing is overwritten).")
        raise typer.Exit(2)
    console.print(f"Stopping instance '{instance}' ({config.instance_dir}) to dump it...")
    try:
        dump(config, file)
    except Neo4jLaunchError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"Backed up instance '{instance}' to {file} ({file.stat().st_size} bytes).")


@app.command()
def restore(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A dump `tracegraph backup` wrote.")
    ],
    instance: InstanceOpt = "dev",
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask (for scripts).")] = False,
) -> None:
    """Replace the local Neo4j's database with FILE (neo4j-admin database load), API keys
    included. Names the instance and asks first; offline meanwhile (the service answers 503)."""
    from service.neo4j_local.backup import load

    config = _local_instance(instance)
    console.print(
        f"This replaces all data of database 'neo4j' of instance '{instance}' "
        f"({config.instance_dir}) with {file}."
    )
    if not yes and not typer.confirm("Replace it?", default=False, err=True):
        console.print("Nothing restored.")
        raise typer.Exit(1)
    try:
        load(config, file)
    except Neo4jLaunchError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"Restored instance '{instance}' from {file}.")


@app.command()
def reset(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask (for scripts).")] = False,
    api_keys: Annotated[
        bool, typer.Option("--api-keys", help="Delete the API keys too (kept by default).")
    ] = False,
) -> None:
    """Delete every posting, item and card of the database the service uses (schema kept; API
    keys kept unless --api-keys). Names the database and asks first."""
    from service.graph.admin import count_data, delete_all_data

    with neo4j_target(instance="dev", keep_running=True) as target:
        settings = _settings_for(target)
        where = f"database '{settings.neo4j_database}' at {target.uri} ({target.detail})"

    async def count(graph: "Graph") -> int:
        return await count_data(graph)

    nodes = _with_graph(count)
    keys = "and its API keys" if api_keys else "(API keys kept)"
    console.print(f"This deletes all {nodes} nodes of data of {where} {keys}.")
    if not yes and not typer.confirm("Empty this database?", default=False, err=True):
        console.print("Nothing deleted.")
        raise typer.Exit(1)

    async def wipe(graph: "Graph") -> None:
        await delete_all_data(graph, api_keys_too=api_keys)

    _with_graph(wipe)
    console.print(f"Emptied {where}.")


@key_app.command("create")
def api_key_create(
    name: Annotated[str, typer.Option(help="Who or what uses the key.")],
    scope: Annotated[
        list[str] | None, typer.Option(help="read, post or admin (repeat for several).")
    ] = None,
    expires_days: Annotated[
        int | None, typer.Option(min=1, help="Days until the key stops working (default never).")
    ] = None,
) -> None:
    """Make an API key in the Neo4j the service uses; prints the key (shown only this once)."""
    import datetime as dt

    from service.domain.api_keys import ApiKeyCreate, NewApiKey
    from service.graph.api_keys import create_api_key

    expires = None
    if expires_days is not None:
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=expires_days)
    request = ApiKeyCreate.model_validate(
        {"name": name, "scopes": scope or ["read"], "expires_at": expires}
    )

    async def work(graph: "Graph") -> NewApiKey:
        return await create_api_key(graph, request=request)

    created = _with_graph(work)
    until = f", expires {created.expires_at:%Y-%m-%d %H:%M} UTC" if created.expires_at else ""
    console.print(
        f"API key '{created.name}' ({', '.join(created.scopes)}{until}), id {created.id}:"
    )
    print(created.key)


def _valid(model: type[M], values: dict[str, object]) -> M:
    """`values` as `model`, or exit 2 with one line naming each field that is wrong."""
    from pydantic import ValidationError

    try:
        return model.model_validate(values)
    except ValidationError as exc:
        faults = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'input'}: {e['msg']}" for e in exc.errors()
        )
        console.print(f"[red]Invalid:[/red] {faults}", highlight=False)
        raise typer.Exit(2) from exc


@key_app.command("list")
def api_key_list() -> None:
    """Every API key: id, name, scopes, created, expires, last used, revoked (never the key)."""
    from service.domain.api_keys import ApiKey
    from service.graph.api_keys import list_api_keys
    from service.terminal import api_key_table

    async def work(graph: "Graph") -> list[ApiKey]:
        return await list_api_keys(graph)

    _out().print(api_key_table(_with_graph(work)))


@key_app.command("revoke")
def api_key_revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (`tracegraph api-key list`).")],
) -> None:
    """Revoke a key: refused at once by new service processes, within 10 s by running ones."""
    from service.domain.api_keys import ApiKey
    from service.graph.api_keys import revoke_api_key

    async def work(graph: "Graph") -> ApiKey:
        return await revoke_api_key(graph, key_id=key_id)

    revoked = _with_graph(work)  # an unknown id exits 4, saying so
    assert revoked.revoked_at is not None
    when = f"{revoked.revoked_at:%Y-%m-%d %H:%M:%S}"
    console.print(f"API key '{revoked.name}' ({revoked.id}) revoked at {when} UTC")


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
            except NotFound as exc:
                console.print(f"[red]Not found:[/red] {exc.message}", highlight=False)
                raise typer.Exit(4) from exc
            except DomainError as exc:
                console.print(f"[red]Refused ({exc.code}):[/red] {exc.message}", highlight=False)
                raise typer.Exit(5) from exc
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
    decimal_comma: Annotated[
        bool | None,
        typer.Option(
            "--decimal-comma/--decimal-point",
            help="The CSV's quantities use a decimal comma (1.234,5) or point (1,234.5); "
            "default: the file tells, and a quantity it cannot tell is refused.",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Read the ledger exports and list the documents they make; post nothing (the "
            "posting rules are checked only when posting).",
        ),
    ] = False,
) -> None:
    """Import ledger exports (.csv, .xlsx) and EPCIS documents. Each document posts through the
    posting rules in one transaction or not at all; a summary lists what was refused and why.
    Importing a file again posts nothing twice. Exits 1 when anything was refused."""
    from service.domain.imports import (
        DecimalMark,
        ImportDocument,
        ImportFileError,
        parse_item_ledger_csv,
        parse_item_ledger_xlsx,
    )
    from service.errors import DomainError
    from service.graph.imports import DocumentOutcome, import_documents, import_epcis
    from service.terminal import import_summary, refused_table

    decimal: DecimalMark | None = None
    if decimal_comma is not None:
        decimal = "," if decimal_comma else "."

    def ledger(path: Path) -> list[ImportDocument]:
        try:
            if path.suffix.lower() == ".xlsx":
                return parse_item_ledger_xlsx(path.read_bytes(), date_format=date_format)
            return parse_item_ledger_csv(path.read_text(encoding="utf-8-sig"),
                                         date_format=date_format, decimal=decimal)  # fmt: skip
        except ImportFileError as exc:
            console.print(f"[red]{path}:[/red] {exc}")
            raise typer.Exit(2) from exc

    if dry_run:
        from service.terminal import dry_run_table

        ledgers = [p for p in paths if p.suffix.lower() in {".csv", ".xlsx"}]
        for path in ledgers:
            _out().print(dry_run_table(path.name, ledger(path)))
        skipped = [p.name for p in paths if p not in ledgers]
        if skipped:
            console.print(f"--dry-run reads ledger exports only; not read: {', '.join(skipped)}")
        console.print("Dry run: nothing was posted.")
        return

    async def work(graph: "Graph") -> list[DocumentOutcome]:
        outcomes: list[DocumentOutcome] = []
        with _progress() as progress:
            for path in paths:
                if path.suffix.lower() in {".csv", ".xlsx"}:
                    documents = ledger(path)
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
    output: FormatOpt = OutputFormat.table,
) -> None:
    """Trace a serial, lot or package number: a tree of levels, then the rows (the same as
    GET /v1/trace). Numbers take Business Central's filters (LOT0*, 1001..1003, A|B).

    Example: tracegraph trace --serial 1001 --item 1900-S --direction forward --format csv"""
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
    if output == OutputFormat.json:
        print(found.model_dump_json())
        return
    if output == OutputFormat.csv:
        from service.domain.exports import trace_csv

        print(trace_csv(found.rows), end="")
        return
    named = ", ".join(f"{k} {v}" for k, v in where.model_dump(exclude_none=True).items())
    out = _out()
    out.print(trace_tree(found, named))
    out.print(trace_table(found, out.width))
    if found.packages:
        out.print(f"Packages: {', '.join(found.packages)}")


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
    output: FormatOpt = OutputFormat.table,
) -> None:
    """Recall impact: the customers with each shipment, and the stock to quarantine.

    Example: tracegraph recall --lot LOT200 --item 1928-S --format csv > call-list.csv"""
    from service.domain.recalls import Recall, RecallRequest
    from service.graph import recalls
    from service.terminal import recall_customers, recall_stock

    numbers = [{"serial_no": n, "item_no": item} for n in serial or []]
    numbers += [{"lot_no": n, "item_no": item} for n in lot or []]
    numbers += [{"package_no": n} for n in package or []]
    if not numbers:
        console.print("[red]Name at least one --serial, --lot or --package.[/red]")
        raise typer.Exit(2)
    request = _valid(RecallRequest, {
        "recall_no": recall_no, "reason": reason, "user": user or getpass.getuser(),
        "numbers": numbers, "block": block,
    })  # fmt: skip

    async def work(graph: "Graph") -> Recall:
        import datetime as dt

        return await recalls.recall(graph, request=request, as_of=dt.date.today())

    found = _with_graph(work)
    if output == OutputFormat.json:
        print(found.model_dump_json())
        return
    if output == OutputFormat.csv:
        from service.domain.exports import recall_csv

        print(recall_csv(found), end="")
        return
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
