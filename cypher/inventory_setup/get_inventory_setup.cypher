OPTIONAL MATCH (s:InventorySetup {id: 'default'})-[:PACKAGE_NOS]->(p:NumberSeries)
RETURN p.code AS packageNos
