"""Models built from values that are already what their fields hold: entries read back from the
graph, which the posting rules validated when they were written. A long trace or a recall builds
tens of thousands of rows; validating each again, or pydantic's `model_construct` (a loop over
the fields, looking for aliases and defaults, on every call), was a third of its service time."""

from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


@cache
def _plain(model: type[BaseModel]) -> bool:
    """A model whose instances are only their fields: no aliases, extras, private attributes,
    post-init hook or root, so its `__dict__` is the whole of what `model_construct` sets."""
    return not (
        model.__pydantic_root_model__
        or model.__pydantic_post_init__
        or model.__private_attributes__
        or model.model_config.get("extra") == "allow"
        or any(f.alias or f.validation_alias for f in model.model_fields.values())
    )


def trusted(model: type[M], fields: set[str], values: dict[str, Any]) -> M:
    """`model.model_construct(fields, **values)` where `values` holds every field of `model`,
    each of its field's type, and `fields` is the set of `model`'s fields (shared by all its
    instances: never changed). `values` becomes the instance's own: pass a fresh dict."""
    if not _plain(model):
        raise TypeError(f"{model.__name__} has more than fields: use model_construct")
    built = model.__new__(model)
    object.__setattr__(built, "__dict__", values)
    object.__setattr__(built, "__pydantic_fields_set__", fields)
    object.__setattr__(built, "__pydantic_extra__", None)
    object.__setattr__(built, "__pydantic_private__", None)
    return built
