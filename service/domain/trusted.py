"""Models built from values that are already what their fields hold: entries read back from the
graph, which the posting rules validated when they were written. A recall builds a model for each
of up to thousands of customers; validating each again, or pydantic's `model_construct` (a loop
over the fields, looking for aliases and defaults, on every call), costs more than building it.
(What comes by the tens of thousands, trace rows, graph nodes, shipments, is plain typed dicts.)"""

from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


@cache
def _fields_set(model: type[BaseModel]) -> set[str]:
    """Every field of `model`: the fields-set all its trusted instances share (each would
    otherwise keep its own, ~1 KB a row). Never changed: setting a field adds a name already in
    it. Refuses a model whose instances are more than their fields (aliases, extras, private
    attributes, a post-init hook, a root), which `model_construct` must build."""
    if (
        model.__pydantic_root_model__
        or model.__pydantic_post_init__
        or model.__private_attributes__
        or model.model_config.get("extra") == "allow"
        or any(f.alias or f.validation_alias for f in model.model_fields.values())
    ):
        raise TypeError(f"{model.__name__} has more than fields: use model_construct")
    return set(model.model_fields)


def trusted(model: type[M], values: dict[str, Any]) -> M:
    """`model.model_construct(**values)` where `values` holds every field of `model`, each of its
    field's type. `values` becomes the instance's own: pass a fresh dict."""
    fields = _fields_set(model)
    built = model.__new__(model)
    object.__setattr__(built, "__dict__", values)
    object.__setattr__(built, "__pydantic_fields_set__", fields)
    object.__setattr__(built, "__pydantic_extra__", None)
    object.__setattr__(built, "__pydantic_private__", None)
    return built
