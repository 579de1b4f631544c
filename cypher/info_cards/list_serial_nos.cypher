MATCH (s:SerialNo)
WHERE s.cardCreatedAt IS NOT NULL
  AND ($itemNo IS NULL OR s.itemNo = $itemNo)
  AND ($blocked IS NULL OR s.blocked = $blocked)
RETURN elementId(s) AS id, s {.*} AS card
ORDER BY s.itemNo, s.variantCode, s.serialNo
SKIP $offset
LIMIT $limit
