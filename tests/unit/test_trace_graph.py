"""A trace's graph for viewers: a node per row, a relationship per step, pointing the way the
stock moved, valid against the answer's documented schema."""

import datetime as dt

from service.domain.tracing import TraceGraph, TraceMethod, TraceRow, Via, trace_graph


def _row(entry_no: int, parent: int | None, via: Via) -> TraceRow:
    return {
        "level": 1 if parent is None else 2, "parent_entry_no": parent, "via": via,
        "entry_no": entry_no, "entry_type": "Sale", "document_kind": "sales_shipment",
        "document_no": f"SSH-{entry_no}", "posting_date": dt.date(2026, 11, 2), "item_no": "FG-01",
        "variant_code": "", "serial_no": "SN-1", "lot_no": "LOT-1", "package_no": "",
        "location_code": "BLUE", "source_type": "Customer", "source_no": "C-1",
        "quantity": -1.0, "remaining_quantity": 0.0, "item_description": "Finished good",
        "source_name": "Customer one", "created_by": "tests", "created_on": None,
    }  # fmt: skip


ROWS = [_row(1, None, "start"), _row(2, 1, "applied"), _row(3, 1, "transferred")]


def _graph(method: TraceMethod) -> TraceGraph:
    return trace_graph(ROWS, method)


def test_each_row_is_a_node_with_its_entry_fields() -> None:
    nodes = _graph("origin-to-usage").nodes
    assert [n["id"] for n in nodes] == ["entry:1", "entry:2", "entry:3"]
    assert nodes[1]["labels"] == ["ItemLedgerEntry"]
    assert nodes[1]["properties"] == {
        "entryNo": 2, "entryType": "Sale", "itemNo": "FG-01", "serialNo": "SN-1",
        "lotNo": "LOT-1", "documentNo": "SSH-2", "quantity": -1.0, "sourceNo": "C-1",
    }  # fmt: skip


def test_relationships_point_the_way_the_stock_moved() -> None:
    forward = [
        (r["source"], r["target"], r["type"]) for r in _graph("origin-to-usage").relationships
    ]
    assert forward == [("entry:1", "entry:2", "APPLIED"), ("entry:1", "entry:3", "TRANSFERRED")]
    backward = [(r["source"], r["target"]) for r in _graph("usage-to-origin").relationships]
    assert backward == [("entry:2", "entry:1"), ("entry:3", "entry:1")]


def test_the_graph_is_valid_against_its_schema_and_serialises_as_validated() -> None:
    built = _graph("origin-to-usage")
    validated = TraceGraph.model_validate_json(built.model_dump_json())
    assert validated.model_dump() == built.model_dump()
    assert validated.model_dump_json() == built.model_dump_json()
