"""`/v1/api-keys`: create, list and revoke API keys (admin scope)."""

from fastapi import APIRouter, status

from service.api.auth import CacheDep
from service.api.deps import GraphDep
from service.domain.api_keys import ApiKey, ApiKeyCreate, NewApiKey
from service.graph import api_keys

router = APIRouter(prefix="/v1/api-keys", tags=["access"])


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_api_key(graph: GraphDep, request: ApiKeyCreate) -> NewApiKey:
    """A new key with its scopes; the answer holds the key itself, shown this once."""
    return await api_keys.create_api_key(graph, request=request)


@router.get("")
async def list_api_keys(graph: GraphDep) -> list[ApiKey]:
    """Every key (never the key itself nor its hash), revoked ones with when."""
    return await api_keys.list_api_keys(graph)


@router.delete("/{key_id}")
async def revoke_api_key(graph: GraphDep, cache: CacheDep, key_id: str) -> ApiKey:
    """Revoke a key: it stops working at once in this process."""
    revoked = await api_keys.revoke_api_key(graph, key_id=key_id)
    cache.forget(key_id)
    return revoked
