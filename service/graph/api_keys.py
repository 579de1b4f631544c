"""API keys in the graph:
`(:ApiKey {id, name, hash, scopes, createdAt, expiresAt, revokedAt, lastUsedAt})`."""

import uuid
from typing import Any

from neo4j import AsyncManagedTransaction

from service.domain.api_keys import ApiKey, ApiKeyCreate, NewApiKey, key_hash, new_key
from service.errors import NotFound
from service.graph.cypher import cypher
from service.graph.props import from_props
from service.graph.store import Graph, Reader, actor, rows, single


def _key(row: dict[str, Any]) -> ApiKey:
    return ApiKey.model_validate(from_props(row["key"]))


async def _create(tx: AsyncManagedTransaction, params: dict[str, Any]) -> ApiKey:
    row = await single(tx, cypher("api_keys/create_api_key"), {**params, **actor()})
    assert row is not None
    return _key(row)


async def create_api_key(graph: Graph, *, request: ApiKeyCreate) -> NewApiKey:
    """A new key; the answer is the only time the key itself is seen."""
    key = new_key()
    params = {"id": str(uuid.uuid4()), "name": request.name, "hash": key_hash(key),
              "scopes": sorted(set(request.scopes)), "expiresAt": request.expires_at}  # fmt: skip
    created = await graph.write(_create, params)
    return NewApiKey(**created.model_dump(), key=key)


async def _by_hash(tx: Reader, digest: str) -> ApiKey | None:
    row = await single(tx, cypher("api_keys/get_api_key_by_hash"), {"hash": digest})
    return _key(row) if row is not None else None


async def find_api_key(graph: Graph, *, key: str) -> ApiKey | None:
    return await graph.read(_by_hash, key_hash(key))


async def _list(tx: Reader) -> list[ApiKey]:
    return [_key(row) for row in await rows(tx, cypher("api_keys/list_api_keys"), {})]


async def list_api_keys(graph: Graph) -> list[ApiKey]:
    return await graph.read(_list)


async def _revoke(tx: AsyncManagedTransaction, key_id: str) -> ApiKey:
    row = await single(tx, cypher("api_keys/revoke_api_key"), {"id": key_id, **actor()})
    if row is None:
        raise NotFound(f"API key {key_id} does not exist.")
    return _key(row)


async def revoke_api_key(graph: Graph, *, key_id: str) -> ApiKey:
    return await graph.write(_revoke, key_id)


async def _touch(tx: AsyncManagedTransaction, key_id: str) -> None:
    await tx.run(cypher("api_keys/touch_api_key"), {"id": key_id})


async def touch_api_key(graph: Graph, *, key_id: str) -> None:
    """Record that the key was used now (`last_used_at`)."""
    await graph.write(_touch, key_id)
