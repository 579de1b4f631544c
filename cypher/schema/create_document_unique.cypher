CREATE CONSTRAINT document_unique IF NOT EXISTS
FOR (d:Document)
REQUIRE (d.kind, d.documentNo) IS UNIQUE
