"""What the `tracegraph` commands print: rich trees and tables of traces, recalls and imports."""

from rich.table import Table
from rich.tree import Tree

from service.domain.api_keys import ApiKey
from service.domain.imports import ImportDocument
from service.domain.recalls import Recall
from service.domain.tracing import Trace, TraceRow
from service.graph.imports import DocumentOutcome

TRACE_HEADERS = [
    "Level", "Entry No.", "Parent", "Entry Type", "Item No.", "Serial No.", "Lot No.",
    "Package No.", "Document No.", "Posting Date", "Source No.", "Location", "Quantity",
    "Remaining",
]  # fmt: skip


def _qty(value: float) -> str:
    return f"{value:g}"


def _numbers(row: TraceRow) -> str:
    parts = [f"SN {row['serial_no']}" if row["serial_no"] else "",
             f"LOT {row['lot_no']}" if row["lot_no"] else "",
             f"PKG {row['package_no']}" if row["package_no"] else ""]  # fmt: skip
    return " ".join(p for p in parts if p)


def trace_tree(trace: Trace, title: str) -> Tree:
    """The trace's levels: each entry under the entry it was reached from."""
    tree = Tree(f"[bold]{title}[/bold] ({trace.method}, components: {trace.show_components})")
    nodes: dict[int, Tree] = {}
    for row in trace.rows:
        source = f" {row['source_type']} {row['source_no']}" if row["source_no"] else ""
        label = (
            f"[cyan]{row['entry_type']}[/cyan] {row['document_no']} {row['posting_date']} "
            f"{row['item_no']} {_numbers(row)} @ {row['location_code']} "
            f"qty {_qty(row['quantity'])}{source} "
            f"[dim](entry {row['entry_no']}, {row['via']})[/dim]"
        )
        parent = nodes.get(row["parent_entry_no"]) if row["parent_entry_no"] is not None else None
        nodes[row["entry_no"]] = (parent or tree).add(label)
    if not trace.rows:
        tree.add("[yellow]nothing found[/yellow]")
    return tree


TRACE_ESSENTIAL = {"Level", "Entry Type", "Item No.", "Serial No.", "Lot No.", "Document No.",
                   "Quantity"}  # fmt: skip
"""Columns a trace table always shows; the others in `TRACE_HEADERS` order while they fit."""
OPTIONAL_ORDER = ["Posting Date", "Location", "Source No.", "Package No.", "Entry No.", "Parent",
                  "Remaining"]  # fmt: skip


def _trace_cells(r: TraceRow) -> dict[str, str]:
    return {
        "Level": str(r["level"]), "Entry No.": str(r["entry_no"]),
        "Parent": "" if r["parent_entry_no"] is None else str(r["parent_entry_no"]),
        "Entry Type": r["entry_type"], "Item No.": r["item_no"], "Serial No.": r["serial_no"],
        "Lot No.": r["lot_no"], "Package No.": r["package_no"], "Document No.": r["document_no"],
        "Posting Date": str(r["posting_date"]), "Source No.": r["source_no"],
        "Location": r["location_code"], "Quantity": _qty(r["quantity"]),
        "Remaining": _qty(r["remaining_quantity"]),
    }  # fmt: skip


def fitting_columns(cells: list[dict[str, str]], width: int) -> list[str]:
    """The trace's columns that fit `width` characters: the essential ones, then the others in
    `OPTIONAL_ORDER` while there is room (each column costs its widest cell and 3 for padding
    and its border), in `TRACE_HEADERS` order."""

    def cost(header: str) -> int:
        return max([len(header), *(len(c[header]) for c in cells)]) + 3

    used = sum(cost(h) for h in TRACE_ESSENTIAL) + 1
    shown = set(TRACE_ESSENTIAL)
    for header in OPTIONAL_ORDER:
        if used + cost(header) <= width:
            shown.add(header)
            used += cost(header)
    return [h for h in TRACE_HEADERS if h in shown]


def trace_table(trace: Trace, width: int = 250) -> Table:
    """The rows, with the columns that fit a terminal `width` characters wide (a caption says
    how many were left out: `--format csv` has them all)."""
    cells = [_trace_cells(r) for r in trace.rows]
    headers = fitting_columns(cells, width)
    left_out = len(TRACE_HEADERS) - len(headers)
    caption = f"{left_out} columns left out to fit; --format csv has them all" if left_out else None
    table = Table(title=f"{len(trace.rows)} entries", title_justify="left", caption=caption)
    for header in headers:
        table.add_column(header, no_wrap=True)
    for c in cells:
        table.add_row(*(c[h] for h in headers))
    return table


def recall_customers(recall: Recall) -> Table:
    table = Table(title=f"Customers to call: {len(recall.customers)}", title_justify="left")
    for header in ("Customer No.", "Document No.", "Posting Date", "Item No.", "Serial No.",
                   "Lot No.", "Quantity", "Returned"):  # fmt: skip
        table.add_column(header, no_wrap=True)
    for customer in recall.customers:
        for s in customer.shipments:
            table.add_row(customer.customer_no, s["document_no"], str(s["posting_date"]),
                          s["item_no"], s["serial_no"], s["lot_no"],
                          _qty(s["quantity"]), _qty(s["returned_quantity"]))  # fmt: skip
    return table


def recall_stock(recall: Recall) -> Table:
    table = Table(title=f"Stock to quarantine: {len(recall.on_hand)}", title_justify="left")
    for header in ("Location", "Bin", "Packages", "Item No.", "Serial No.", "Lot No.",
                   "Expiration", "Quantity", "Status", "Returned By"):  # fmt: skip
        table.add_column(header, no_wrap=True)
    for s in recall.on_hand:
        table.add_row(s.location_code, s.bin_code, ", ".join(s.packages), s.item_no,
                      s.serial_no, s.lot_no, str(s.expiration_date or ""), _qty(s.quantity),
                      s.status, s.returned_by)  # fmt: skip
    return table


def import_summary(outcomes: list[DocumentOutcome]) -> Table:
    table = Table(title="Import", title_justify="left")
    for header in ("Outcome", "Documents", "Ledger entries", "EPCIS events"):
        table.add_column(header)
    for outcome in ("posted", "already imported", "refused"):
        of = [o for o in outcomes if o.outcome == outcome]
        table.add_row(outcome, str(len(of)), str(sum(o.entries for o in of)),
                      str(sum(o.events for o in of)))  # fmt: skip
    return table


def refused_table(outcomes: list[DocumentOutcome]) -> Table:
    refused = [o for o in outcomes if o.outcome == "refused"]
    table = Table(title=f"Refused: {len(refused)} (nothing of them posted)", title_justify="left")
    for header in ("Document No.", "Kind", "Lines", "Code", "Reason"):
        table.add_column(header, overflow="fold")
    for o in refused:
        lines = ", ".join(str(n) for n in o.lines)
        table.add_row(o.document_no, o.kind.replace("_", " "), lines, o.code or "", o.reason or "")
    return table


def _when(value: object) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value is not None else ""


def api_key_table(keys: list[ApiKey]) -> Table:
    """The API keys, oldest first: never the key itself."""
    table = Table("Id", "Name", "Scopes", "Created", "Expires", "Last used", "Revoked",
                  title=f"API keys: {len(keys)} (times UTC)")  # fmt: skip
    for key in keys:
        times = (key.created_at, key.expires_at, key.last_used_at, key.revoked_at)
        table.add_row(key.id, key.name, ", ".join(key.scopes), *map(_when, times))
    return table


def dry_run_table(name: str, documents: list[ImportDocument]) -> Table:
    """What an import of a ledger export would post: each document, its lines and quantities,
    or why it would be refused before posting."""
    table = Table("Document No.", "Kind", "Lines", "Item", "Location", "Quantity", "Refused",
                  title=f"{name}: {len(documents)} documents (dry run)",
                  title_justify="left")  # fmt: skip
    for d in documents:
        lines = ", ".join(map(str, d.lines))
        if d.document is None:
            table.add_row(d.document_no, (d.kind or "?").replace("_", " "), lines, "", "", "",
                          d.reason or "")  # fmt: skip
            continue
        for n, line in enumerate(d.document.lines):
            first = n == 0
            table.add_row(d.document_no if first else "", d.kind.replace("_", " ") if first and
                          d.kind else "", lines if first else "", line.item_no,
                          line.location_code, _qty(line.quantity), "")  # fmt: skip
    return table
