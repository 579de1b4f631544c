CREATE (l:Location)
SET l = $location
FOREACH (bin IN $bins |
  CREATE (l)-[:HAS_BIN]->(b:Bin)
  SET b = bin, b.locationCode = l.code
)
RETURN l.code AS code
