// A new API key: only the SHA-256 of the key is stored.
CREATE (k:ApiKey {id: $id, name: $name, hash: $hash, scopes: $scopes, createdAt: datetime(),
  createdByKeyId: $actorKeyId, createdByKeyName: $actorKeyName})
RETURN k {.id, .name, .scopes, .createdAt, .revokedAt} AS key
