"""`trusted` builds the same model as validation would, from values already of their types."""

import datetime as dt

import pytest
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from service.domain.recalls import NO_CONTACT, CustomerImpact, Shipment, StockToQuarantine
from service.domain.trusted import trusted

STOCK = {
    "location_code": "BLUE", "bin_code": "", "packages": ["PAL-1"], "item_no": "FG-01",
    "variant_code": "", "serial_no": "SN-1", "lot_no": "LOT-1",
    "expiration_date": dt.date(2026, 11, 2), "quantity": 1.0, "status": "expired",
    "returned_by": "",
}  # fmt: skip


def test_a_trusted_model_equals_the_validated_model_and_dumps_the_same_json() -> None:
    built = trusted(StockToQuarantine, dict(STOCK))
    validated = StockToQuarantine.model_validate(STOCK)
    assert built == validated
    assert built.model_dump_json() == validated.model_dump_json()
    assert built.model_fields_set == set(StockToQuarantine.model_fields)
    assert built.model_copy(update={"quantity": 3.0}).quantity == 3.0


def test_a_trusted_model_keeps_what_it_nests() -> None:
    shipment: Shipment = {
        "customer_no": "C-1", "document_no": "SSH-1", "posting_date": dt.date(2026, 11, 2),
        "item_no": "FG-01", "variant_code": "", "serial_no": "SN-1", "lot_no": "", "quantity": 1.0,
        "returned_quantity": 0.0,
    }  # fmt: skip
    values = {"customer_no": "C-1", "contact": NO_CONTACT, "shipments": [shipment],
              "quantity": 1.0, "returned_quantity": 0.0, "outstanding_quantity": 1.0}  # fmt: skip
    built = trusted(CustomerImpact, dict(values))
    assert built == CustomerImpact.model_validate(values)
    assert built.model_dump_json() == CustomerImpact.model_validate(values).model_dump_json()


class _Aliased(BaseModel):
    code: str = Field(alias="Code")


class _Private(BaseModel):
    code: str
    _seen: int = PrivateAttr(default=0)


class _Extra(BaseModel):
    model_config = ConfigDict(extra="allow")
    code: str


@pytest.mark.parametrize("model", [_Aliased, _Private, _Extra])
def test_models_with_more_than_plain_fields_are_refused(model: type[BaseModel]) -> None:
    with pytest.raises(TypeError, match="use model_construct"):
        trusted(model, {})
