MATCH (c:ItemTrackingCode)
RETURN c {.*} AS trackingCode
ORDER BY c.code
SKIP $offset
LIMIT $limit
