"""`tracegraph`: serve the API, run the local Neo4j, load the demo data."""

import asyncio
import logging
from typing import TYPE_CHECKING, Annotated

import typer
import uvicorn
from pydantic import SecretStr
from rich.console import Console

from service.neo4j_local import (
    LocalNeo4jConfig,
    Neo4jLaunchError,
    Neo4jTarget,
    launcher,
    neo4j_target,
)
from service.settings import Settings, get_settings

if TYPE_CHECKING:
    from service.domain.api_keys import ApiKeyCreate, NewApiKey

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
app.add_typer(key_app, name="api-key")
console = Console(stderr=True)

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
    from service.main import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
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
            bind_host = host or settings.api_host
            bind_port = port or settings.api_port
            console.print(f"API on http://{bind_host}:{bind_port} (docs at /docs)")
            uvicorn.run(create_app(settings), host=bind_host, port=bind_port, log_level="info")
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
    from service.domain.api_keys import ApiKeyCreate

    request = ApiKeyCreate.model_validate({"name": name, "scopes": scope or ["read"]})
    with neo4j_target(instance="dev", keep_running=True) as target:
        created = asyncio.run(_create_key(_settings_for(target), request))
    console.print(f"API key '{created.name}' ({', '.join(created.scopes)}):")
    print(created.key)


async def _create_key(settings: Settings, request: "ApiKeyCreate") -> "NewApiKey":
    from service.graph.api_keys import create_api_key
    from service.graph.schema import apply_schema
    from service.graph.store import open_graph_for

    graph = open_graph_for(settings)
    try:
        await apply_schema(graph)
        return await create_api_key(graph, request=request)
    finally:
        await graph.close()
