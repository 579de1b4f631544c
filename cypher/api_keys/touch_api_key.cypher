// A key was used: when, kept as the latest (uses are recorded at most once a cache period).
MATCH (k:ApiKey {id: $id})
SET k.lastUsedAt = datetime()
