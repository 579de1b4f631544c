CREATE CONSTRAINT lot_unique IF NOT EXISTS
FOR (l:Lot)
REQUIRE (l.itemNo, l.variantCode, l.lotNo) IS UNIQUE
