MATCH (s:NumberSeries)
WHERE $search IS NULL
  OR toLower(s.code) CONTAINS toLower($search)
  OR toLower(s.description) CONTAINS toLower($search)
RETURN s {.*} AS series
ORDER BY s.code
SKIP $offset
LIMIT $limit
