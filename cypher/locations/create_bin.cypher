MATCH (l:Location {code: $code})
CREATE (l)-[:HAS_BIN]->(b:Bin)
SET b = $bin, b.locationCode = l.code
RETURN b.code AS code
