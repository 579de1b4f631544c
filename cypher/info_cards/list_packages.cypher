MATCH (p:Package)
WHERE p.cardCreatedAt IS NOT NULL
  AND ($blocked IS NULL OR p.blocked = $blocked)
RETURN elementId(p) AS id, p {.*} AS card
ORDER BY p.packageNo
SKIP $offset
LIMIT $limit
