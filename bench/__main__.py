"""`python -m bench --scale S`: run the benchmark, print the table, write the results JSON."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from bench.generator import SCALES
from bench.run import RESULTS, run

app = typer.Typer(add_completion=False)


def _targets(report: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """(target, threshold, measured, met) for the issue's targets (set for scale M)."""
    q = report["queries"]
    deep = [name for name, r in q.items() if r["max_depth"] >= 4]
    slowest_ratio = min((q[n]["postgres_over_api_p95"] for n in deep), default=float("nan"))
    api_over_raw = max(r["api_over_raw_p95"] for r in q.values())
    with_graph = [r["api_with_graph_over_raw_p95"] for r in q.values() if "api_with_graph" in r]
    graph_note = f"; {max(with_graph)}x with the viewer graph" if with_graph else ""
    rss = report["memory_mb"]["service_after_postings"].get("VmHWM", float("nan"))
    return [
        (
            "backward trace p95 (API)",
            "<= 25 ms",
            f"{q['backward trace']['api']['p95_ms']} ms",
            q["backward trace"]["api"]["p95_ms"] <= 25,
        ),
        (
            "recall p95 (API)",
            "<= 300 ms",
            f"{q['recall']['api']['p95_ms']} ms",
            q["recall"]["api"]["p95_ms"] <= 300,
        ),
        (
            "traces/recall at depth >= 4 vs PostgreSQL (p95, API)",
            ">= 3x faster",
            f"{slowest_ratio}x (worst)",
            slowest_ratio >= 3,
        ),
        (
            "API / raw Cypher (p95)",
            "<= 1.3x",
            f"{api_over_raw}x (worst){graph_note}",
            api_over_raw <= 1.3,
        ),
        (
            "bulk ingest",
            ">= 10,000 entries/s",
            f"{report['ingest']['entries_per_second']:,}/s"
            + (" (warm)" if report["ingest"].get("warm_up") else " (cold)"),
            report["ingest"]["entries_per_second"] >= 10_000,
        ),
        (
            f"POST /v1/postings, {report['api_postings']['clients']} clients",
            ">= 300 docs/s",
            f"{report['api_postings']['documents_per_second']}/s",
            report["api_postings"]["documents_per_second"] >= 300,
        ),
        ("service RSS (peak)", "<= 300 MB", f"{rss} MB", rss <= 300),
        *_fsma_target(report),
    ]


def _fsma_target(report: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """The FSMA 204 export's target (issue 31), for reports that measured it."""
    fsma = report.get("fsma_export")
    if not fsma or not fsma["runs"]:
        return []
    biggest = max(r["rows"] for r in fsma["runs"])
    return [(
        "FSMA 204 export of a trace",
        "<= 2 s per 10,000 rows",
        f"{fsma['worst_seconds_per_10k_rows']} s (worst; traces of up to {biggest:,} rows)",
        bool(fsma["met"]),
    )]  # fmt: skip


def _query_rows(report: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The latency table's rows: each query kind, and after a trace its default answer (rows
    and the viewer's graph of them) where it was timed too; that answer has no PostgreSQL
    counterpart, and its raw Cypher is the trace's."""
    found: list[tuple[str, dict[str, Any]]] = []
    for name, r in report["queries"].items():
        found.append((name, r))
        if "api_with_graph" in r:
            none = {"n": "-", "p50_ms": "-", "p95_ms": "-", "p99_ms": "-"}
            found.append(
                (
                    f"{name} + viewer graph",
                    r
                    | {
                        "api": r["api_with_graph"],
                        "postgres": none,
                        "api_over_raw_p95": r["api_with_graph_over_raw_p95"],
                        "postgres_over_api_p95": None,
                        "postgres_over_raw_p95": None,
                        "api_client_decode": None,
                    },
                )
            )
    return found


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value}x"


def _warm_up_note(warm: dict[str, Any] | None) -> str:
    if not warm:
        return " on a freshly started Neo4j"
    return (
        f" after a warm-up ({warm['entries']:,} entries of scale {warm['scale']} ingested at "
        f"{warm['entries_per_second']:,}/s on the fresh Neo4j, emptied in "
        f"{warm['emptied_seconds']}s)"
    )


def print_report(report: dict[str, Any], console: Console) -> None:
    m = report["machine"]
    console.print(
        f"[bold]Tracegraph benchmark, scale {report['scale']}[/bold] - {report['date']} - "
        f"{m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB - load average at start "
        f"{m['load_average_at_start'][0]:.1f}, at end {report['load_average_at_end'][0]:.1f}"
    )
    d, i = report["data"], report["ingest"]
    console.print(
        f"{d['ledger_entries']:,} ledger entries, {d['documents']:,} documents, "
        f"{d['finished_serials']:,} finished serials, {d['raw_lots']:,} raw lots, "
        f"{d['packages']:,} packages; generated {d['generate_seconds']}s, planned with the "
        f"posting rules {d['plan_seconds']}s; bulk ingest {i['ledger_seconds']}s = "
        f"{i['entries_per_second']:,} entries/s{_warm_up_note(i.get('warm_up'))}; PostgreSQL "
        f"COPY + indexes {report['postgres_load_seconds']}s"
    )
    table = Table(
        title=f"Latency, ms (up to {report['queries_per_kind']} queries each; n = timed "
        f"through API / raw Cypher / PostgreSQL within the budget)"
    )
    for column in (
        "query",
        "n",
        "depth",
        "size",
        "API p50",
        "API p95",
        "API p99",
        "raw p50",
        "raw p95",
        "raw p99",
        "PG p50",
        "PG p95",
        "PG p99",
        "API/raw p95",
        "PG/API p95",
        "PG/raw p95",
        "decode p95",
    ):
        table.add_column(column, justify="left" if column == "query" else "right")
    for name, r in _query_rows(report):
        a, w, p = r["api"], r["raw_cypher"], r["postgres"]
        table.add_row(
            name,
            f"{a['n']}/{w['n']}/{p['n']}",
            str(r["max_depth"]),
            str(r["mean_result_size"]),
            *(str(x[k]) for x in (a, w, p) for k in ("p50_ms", "p95_ms", "p99_ms")),
            _ratio(r["api_over_raw_p95"]),
            _ratio(r["postgres_over_api_p95"]),
            _ratio(r["postgres_over_raw_p95"]),
            _decode(r),
        )
    console.print(table)
    posts = report["api_postings"]
    mem = report["memory_mb"]
    console.print(
        f"POST /v1/postings: {posts['documents']:,} documents by {posts['clients']} clients in "
        f"{posts['seconds']}s after {posts.get('warmup_seconds', 0)}s of warm-up = "
        f"{posts['documents_per_second']}/s (latency p50 "
        f"{posts['latency']['p50_ms']} ms, p95 {posts['latency']['p95_ms']} ms); memory: "
        f"service RSS {mem['service_after_postings'].get('VmRSS')} MB (peak "
        f"{mem['service_after_postings'].get('VmHWM')} MB), Neo4j JVM RSS "
        f"{mem['neo4j_jvm'].get('VmRSS')} MB"
    )
    targets = Table(title="Targets (set for scale M on 2 cores / 24 GB)")
    for column in ("target", "threshold", "measured", "met"):
        targets.add_column(column)
    for name, threshold, measured, met in _targets(report):
        targets.add_row(name, threshold, measured, "yes" if met else "[red]NO[/red]")
    console.print(targets)


def _decode(query: dict[str, Any]) -> str:
    """The client's decoding of the API's answers (not in the API times; results from before
    it was timed apart have none)."""
    decode = query.get("api_client_decode")
    return str(decode["p95_ms"]) if decode else "-"


def markdown_report(report: dict[str, Any]) -> str:
    """The latency and target tables as Markdown, as the README shows them."""
    lines = [
        "| query | n (API / raw / PG) | depth | mean size | API p50 / p95 / p99 ms "
        "| raw Cypher p50 / p95 / p99 ms | PostgreSQL p50 / p95 / p99 ms | API/raw p95 "
        "| PG/API p95 | PG/raw p95 | client decode p95 ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in _query_rows(report):
        a, w, p = r["api"], r["raw_cypher"], r["postgres"]
        timings = (" / ".join(str(x[k]) for k in ("p50_ms", "p95_ms", "p99_ms")) for x in (a, w, p))
        lines.append(
            f"| {name} | {a['n']} / {w['n']} / {p['n']} | {r['max_depth']} "
            f"| {r['mean_result_size']} | {' | '.join(timings)} "
            f"| {_ratio(r['api_over_raw_p95'])} | {_ratio(r['postgres_over_api_p95'])} "
            f"| {_ratio(r['postgres_over_raw_p95'])} | {_decode(r)} |"
        )
    lines += ["", "| target (for scale M) | threshold | measured | met |", "|---|---|---|---|"]
    for name, threshold, measured, met in _targets(report):
        lines.append(f"| {name} | {threshold} | {measured} | {'yes' if met else '**no**'} |")
    return "\n".join(lines)


@app.command()
def main(
    scale: Annotated[str, typer.Option(help=f"One of {', '.join(SCALES)}")] = "S",
    queries: Annotated[int, typer.Option(help="Queries per kind")] = 200,
    seed: Annotated[int, typer.Option(help="Generator seed")] = 7,
    post_seconds: Annotated[float, typer.Option(help="How long the posting clients run")] = 30,
    post_warmup: Annotated[
        float, typer.Option(help="Seconds of untimed postings before the timed ones")
    ] = 40,
    clients: Annotated[int, typer.Option(help="Concurrent posting clients")] = 8,
    show: Annotated[
        bool, typer.Option(help="Only print the table of bench/results/<scale>.json")
    ] = False,
    markdown: Annotated[
        bool, typer.Option(help="Only print bench/results/<scale>.json as the README's tables")
    ] = False,
    budget: Annotated[
        float,
        typer.Option(
            help="Seconds each query kind may take per way before it stops early (600 lets "
            "PostgreSQL's ~1.5 s recalls at M reach 200)"
        ),
    ] = 600,
    warm_up: Annotated[
        bool,
        typer.Option(
            help="Warm Neo4j up before the timed ingest (a bulk ingest of the S data of another "
            "seed, then emptied); --no-warm-up times the ingest on a freshly started JVM"
        ),
    ] = True,
) -> None:
    """Generate, ingest, load PostgreSQL, measure, print the table and write the JSON."""
    if scale not in SCALES:
        raise typer.BadParameter(f"scale must be one of {', '.join(SCALES)}")
    if markdown:
        typer.echo(markdown_report(json.loads((RESULTS / f"{scale}.json").read_text())))
        return
    if show:
        print_report(json.loads((RESULTS / f"{scale}.json").read_text()), Console(width=200))
        return
    report = asyncio.run(
        run(
            scale,
            queries=queries,
            seed=seed,
            post_seconds=post_seconds,
            post_warmup=post_warmup,
            clients=clients,
            budget=budget,
            with_warm_up=warm_up,
        )
    )
    report["targets"] = [
        {"target": t, "threshold": th, "measured": m, "met": ok}
        for t, th, m, ok in _targets(report)
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{scale}.json"
    path.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print_report(report, Console(width=200))
    typer.echo(f"written {path.relative_to(RESULTS.parents[1])}")


if __name__ == "__main__":
    app()
