MATCH (p:Vendor)
WHERE $search IS NULL
  OR toLower(p.name) CONTAINS toLower($search)
  OR toLower(p.no) CONTAINS toLower($search)
RETURN p {.*} AS partner
ORDER BY p.no
SKIP $offset
LIMIT $limit
