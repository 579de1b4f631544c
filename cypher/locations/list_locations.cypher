MATCH (l:Location)
OPTIONAL MATCH (l)-[:HAS_BIN]->(b:Bin)
WITH l, b
ORDER BY b.code
WITH l, collect(b {.code, .description}) AS bins
ORDER BY l.code
SKIP $offset
LIMIT $limit
RETURN l {.*} AS location, bins
