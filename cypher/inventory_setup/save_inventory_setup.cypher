MERGE (s:InventorySetup {id: 'default'})
WITH s
OPTIONAL MATCH (s)-[old:PACKAGE_NOS]->()
DELETE old
WITH DISTINCT s
OPTIONAL MATCH (p:NumberSeries {code: $packageNos})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | CREATE (s)-[:PACKAGE_NOS]->(p))
RETURN p.code AS packageNos
