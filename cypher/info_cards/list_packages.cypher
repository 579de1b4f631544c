MATCH (p:Package)
WHERE p.cardCreatedAt IS NOT NULL
  AND ($blocked IS NULL OR p.blocked = $blocked)
RETURN p {.*} AS card
ORDER BY p.packageNo
SKIP $offset
LIMIT $limit
