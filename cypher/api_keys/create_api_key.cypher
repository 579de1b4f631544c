// A new API key: only the SHA-256 of the key is stored.
CREATE (k:ApiKey {id: $id, name: $name, hash: $hash, scopes: $scopes, createdAt: datetime(),
                   expiresAt: $expiresAt})
RETURN k {.id, .name, .scopes, .createdAt, .expiresAt, .revokedAt, .lastUsedAt} AS key
