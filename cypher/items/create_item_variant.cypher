MATCH (i:Item {no: $no})
CREATE (i)-[:HAS_VARIANT]->(v:ItemVariant)
SET v = $variant, v.itemNo = i.no
RETURN v.code AS code
