// Every API key, oldest first (never the hash).
MATCH (k:ApiKey)
RETURN k {.id, .name, .scopes, .createdAt, .revokedAt} AS key
ORDER BY k.createdAt, k.id
