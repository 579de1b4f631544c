CREATE CONSTRAINT serial_no_unique IF NOT EXISTS
FOR (s:SerialNo)
REQUIRE (s.itemNo, s.variantCode, s.serialNo) IS UNIQUE
