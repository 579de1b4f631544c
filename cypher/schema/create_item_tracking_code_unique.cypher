CREATE CONSTRAINT item_tracking_code_unique IF NOT EXISTS
FOR (c:ItemTrackingCode)
REQUIRE c.code IS UNIQUE
