// Revoke a key; it stays listed, with when it was revoked.
MATCH (k:ApiKey {id: $id})
SET k.revokedAt = coalesce(k.revokedAt, datetime()),
  k.revokedByKeyId = coalesce(k.revokedByKeyId, $actorKeyId),
  k.revokedByKeyName = coalesce(k.revokedByKeyName, $actorKeyName)
RETURN k {.id, .name, .scopes, .createdAt, .expiresAt, .revokedAt, .lastUsedAt} AS key
