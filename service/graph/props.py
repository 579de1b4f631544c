"""Between Python's snake_case fields and Neo4j's camelCase properties."""

from functools import cache
from typing import Any

from pydantic.alias_generators import to_camel, to_snake

# Property names are few and fixed, and the conversions are regular expressions: each name is
# converted once per process.
_camel = cache(to_camel)
_snake = cache(to_snake)


def to_props(values: dict[str, Any]) -> dict[str, Any]:
    """Field values (snake_case) as node properties (camelCase)."""
    return {_camel(key): value for key, value in values.items()}


def from_props(props: dict[str, Any]) -> dict[str, Any]:
    """Node properties (camelCase) as field values (snake_case); driver dates become Python's."""
    return {_snake(key): _native(value) for key, value in props.items()}


def _native(value: Any) -> Any:
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value
