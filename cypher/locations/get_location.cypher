MATCH (l:Location {code: $code})
OPTIONAL MATCH (l)-[:HAS_BIN]->(b:Bin)
WITH l, b
ORDER BY b.code
RETURN l {.*} AS location, collect(b {.code, .description}) AS bins
