CREATE CONSTRAINT idempotency_key_unique IF NOT EXISTS
FOR (k:IdempotencyKey)
REQUIRE k.key IS UNIQUE
