CREATE CONSTRAINT item_variant_unique IF NOT EXISTS
FOR (v:ItemVariant)
REQUIRE (v.itemNo, v.code) IS UNIQUE
