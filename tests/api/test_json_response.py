"""Answers (traces, recalls, where-is) are written by orjson: byte for byte what pydantic writes for
the same model, over any text and number a row can hold."""

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from service.api.deps import json_response
from service.domain.containment import LotRef, PackageRef, SerialRef
from service.domain.on_hand import OnHandRow
from service.domain.recalls import (
    NO_CONTACT,
    CustomerImpact,
    Recall,
    RecallTotals,
    Shipment,
    StockToQuarantine,
)
from service.domain.tracing import Trace, TraceRow, trace_graph
from service.domain.trusted import trusted
from service.domain.where_is import WhereIs

TEXT = st.text(max_size=12)  # any code point: quotes, backslashes, controls, emoji
NUMBER = st.floats(allow_nan=False, allow_infinity=False)


def _same_as_pydantic(model: BaseModel) -> None:
    assert bytes(json_response(model).body) == model.__pydantic_serializer__.to_json(model)


def _row(entry_no: int, parent: int | None, text: str, quantity: float) -> TraceRow:
    return {
        "level": 1 if parent is None else 2, "parent_entry_no": parent,
        "via": "start" if parent is None else "produced", "entry_no": entry_no,
        "entry_type": "Output", "document_kind": "production", "document_no": text,
        "posting_date": dt.date(2026, 2, 28), "item_no": "FG-01", "variant_code": "",
        "serial_no": text, "lot_no": "", "package_no": "P/1", "location_code": "BLUE",
        "source_type": "", "source_no": "", "quantity": quantity,
        "remaining_quantity": abs(quantity), "item_description": text, "source_name": text,
        "created_by": text, "created_on": dt.datetime(2026, 2, 28, 9, 30, tzinfo=dt.UTC),
    }  # fmt: skip


@given(
    text=TEXT,
    quantity=NUMBER,
    next_offset=st.none() | st.integers(0, 10**6),
    with_graph=st.booleans(),
)
def test_a_trace_is_written_as_pydantic_writes_it(
    text: str, quantity: float, next_offset: int | None, with_graph: bool
) -> None:
    rows = [_row(1, None, text, quantity), _row(2, 1, "SN-2", -0.1 - 0.2)]
    graph = trace_graph(rows, "origin-to-usage") if with_graph else None
    trace = Trace.model_construct(
        method="origin-to-usage", show_components="all", rows=rows, packages=[text, "PAL-1"],
        graph=graph, total_rows=7, next_offset=next_offset,
    )  # fmt: skip
    _same_as_pydantic(trace)


def _shipment(text: str, quantity: float) -> Shipment:
    return {
        "customer_no": text, "document_no": "SSH-1", "posting_date": dt.date(2026, 11, 2),
        "item_no": "FG-01", "variant_code": "RED", "serial_no": "", "lot_no": text,
        "quantity": quantity, "returned_quantity": 0.0,
    }  # fmt: skip


def _stock(expiration: dt.date | None, quantity: float) -> StockToQuarantine:
    return StockToQuarantine(
        location_code="BLUE", bin_code="", packages=["PAL-1"], item_no="FG-01",
        variant_code="", serial_no="", lot_no="LOT-1", expiration_date=expiration,
        quantity=quantity, status="expired",
    )  # fmt: skip


@given(text=TEXT, quantity=NUMBER)
def test_a_recall_is_written_as_pydantic_writes_it(text: str, quantity: float) -> None:
    affected: list[Any] = [
        {"item_no": "FG-01", "variant_code": "", "serial_no": text, "lot_no": ""}
    ]
    customers = [
        trusted(
            CustomerImpact,
            {
                "customer_no": text,
                "shipments": [_shipment(text, quantity)],
                "quantity": quantity,
                "returned_quantity": 0.0,
                "outstanding_quantity": quantity,
                "contact": {**NO_CONTACT, "name": text},
            },
        )
    ]
    recall = Recall(
        recall_no="RC-1", affected=affected, customers=customers,
        on_hand=[_stock(None, quantity), _stock(dt.date(2027, 1, 31), 3)], blocked_now=affected,
        totals=RecallTotals(
            affected_numbers=1, customers=1, shipped_quantity=quantity, returned_quantity=0,
            outstanding_quantity=quantity, on_hand_quantity=3,
            open_quantity=0, expired_quantity=3, blocked_quantity=0,
        ),
        next_offset=None,
    )  # fmt: skip
    _same_as_pydantic(recall)


@given(text=TEXT, quantity=NUMBER)
def test_a_where_is_is_written_as_pydantic_writes_it(text: str, quantity: float) -> None:
    stock = OnHandRow(
        item_no="FG-01", variant_code="", location_code="BLUE", bin_code="B-1", serial_no=text,
        lot_no="", package_no="CTN-1", expiration_date=None, quantity=quantity,
        expired_quantity=0, blocked_quantity=quantity, available_quantity=0,
    )  # fmt: skip
    found = WhereIs(
        of=SerialRef(item_no="FG-01", serial_no="SN-1"),
        chain=[LotRef(item_no="FG-01", lot_no="LOT-1"), PackageRef(package_no="CTN-1")],
        on_hand=[stock], shipped_to=[_shipment(text, quantity)],
    )  # fmt: skip
    _same_as_pydantic(found)
