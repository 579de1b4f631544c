// The key a request presents, found by its hash (revoked keys included: the caller refuses them).
MATCH (k:ApiKey {hash: $hash})
RETURN k {.id, .name, .scopes, .createdAt, .expiresAt, .revokedAt, .lastUsedAt} AS key
