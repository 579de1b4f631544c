// Every API key, oldest first (never the hash).
MATCH (k:ApiKey)
RETURN k {.id, .name, .scopes, .createdAt, .expiresAt, .revokedAt, .lastUsedAt} AS key
ORDER BY k.createdAt, k.id
