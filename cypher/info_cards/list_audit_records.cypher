// A card's audit trail, newest first.
MATCH (c)-[:HAS_AUDIT_RECORD]->(a:AuditRecord)
WHERE elementId(c) = $id
RETURN a {.*} AS record
ORDER BY a.sequence DESC
SKIP $offset
LIMIT $limit
