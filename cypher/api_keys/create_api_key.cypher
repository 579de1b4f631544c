// A new API key: only the SHA-256 of the key is stored, with who made it (the acting key).
CREATE (k:ApiKey {id: $id, name: $name, hash: $hash, scopes: $scopes, createdAt: datetime(),
                   expiresAt: $expiresAt,
                   createdByKeyId: $actorKeyId, createdByKeyName: $actorKeyName})
RETURN k {.id, .name, .scopes, .createdAt, .expiresAt, .revokedAt, .lastUsedAt} AS key
