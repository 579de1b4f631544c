"""An idempotency key's request fingerprint: the request's values, defaults left out."""

from typing import Any

from service.domain.postings import Document
from service.graph.postings import request_hash

LINE = {"item_no": "1910-S", "location_code": "MAIN", "quantity": 6,
        "tracking": [{"lot_no": "LOT0101", "quantity": 6}]}  # fmt: skip


def _receipt(**line: Any) -> Document:
    return Document.model_validate({
        "kind": "purchase_receipt", "document_no": "PR-1", "posting_date": "2026-11-02",
        "vendor_no": "V20000", "lines": [{**LINE, **line}],
    })  # fmt: skip


def test_a_default_stated_or_left_out_is_the_same_request() -> None:
    stated = _receipt(variant_code="", tracking=[{"lot_no": "LOT0101", "quantity": 6,
                                                   "applies_from_entry_no": None}])  # fmt: skip
    assert request_hash(stated) == request_hash(_receipt())


class _LaterDocument(Document):
    """The posting model as a later version may have it: one more field, with a default."""

    later_field: int | None = None


def test_a_field_added_later_leaves_a_request_that_does_not_use_it_unchanged() -> None:
    body = _receipt().model_dump(mode="json", exclude_defaults=True)
    assert request_hash(_LaterDocument.model_validate(body)) == request_hash(_receipt())


def test_a_different_value_is_a_different_request() -> None:
    assert request_hash(_receipt(quantity=5, tracking=[])) != request_hash(_receipt())
