MATCH (i:Item)
WHERE ($search IS NULL
    OR toLower(i.no) CONTAINS toLower($search)
    OR toLower(i.description) CONTAINS toLower($search))
  AND ($itemTrackingCode IS NULL
    OR EXISTS { (i)-[:USES_TRACKING_CODE]->(:ItemTrackingCode {code: $itemTrackingCode}) })
WITH i
ORDER BY i.no
SKIP $offset
LIMIT $limit
OPTIONAL MATCH (i)-[:USES_TRACKING_CODE]->(c:ItemTrackingCode)
OPTIONAL MATCH (i)-[:SERIAL_NOS]->(sn:NumberSeries)
OPTIONAL MATCH (i)-[:LOT_NOS]->(ln:NumberSeries)
RETURN
  i {.*} AS item,
  c {.*} AS trackingCode,
  sn.code AS serialNos,
  ln.code AS lotNos,
  COLLECT {
    MATCH (i)-[:HAS_VARIANT]->(v:ItemVariant)
    RETURN v {.code, .description}
    ORDER BY v.code
  } AS variants,
  EXISTS { (:ItemLedgerEntry)-[:OF_ITEM]->(i) } AS hasEntries
ORDER BY i.no
