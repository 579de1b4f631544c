MATCH (k:IdempotencyKey {key: $key})
WHERE k.createdAt > datetime() - duration({seconds: $ttlSeconds})
RETURN k.requestHash AS requestHash, k.response AS response
