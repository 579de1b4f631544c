CREATE CONSTRAINT bin_unique IF NOT EXISTS
FOR (b:Bin)
REQUIRE (b.locationCode, b.code) IS UNIQUE
