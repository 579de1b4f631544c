MATCH (k:IdempotencyKey {key: $key})
RETURN k.requestHash AS requestHash, k.response AS response
