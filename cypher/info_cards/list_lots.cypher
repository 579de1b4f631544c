MATCH (l:Lot)
WHERE l.cardCreatedAt IS NOT NULL
  AND ($itemNo IS NULL OR l.itemNo = $itemNo)
  AND ($blocked IS NULL OR l.blocked = $blocked)
RETURN elementId(l) AS id, l {.*} AS card
ORDER BY l.itemNo, l.variantCode, l.lotNo
SKIP $offset
LIMIT $limit
