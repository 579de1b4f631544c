MERGE (k:IdempotencyKey {key: $key})
SET k.key = $key, k.requestHash = $requestHash, k.response = $response, k.createdAt = datetime()
