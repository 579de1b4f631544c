// Locks the code (so no item starts using it meanwhile) and reports what the interlocks need.
MATCH (c:ItemTrackingCode {code: $code})
SET c.revision = coalesce(c.revision, 0) + 1
WITH c
OPTIONAL MATCH (i:Item)-[:USES_TRACKING_CODE]->(c)
WITH
  c,
  i,
  EXISTS { (:ItemLedgerEntry)-[:OF_ITEM]->(i) } AS hasEntries,
  EXISTS {
    MATCH (e:ItemLedgerEntry)-[:OF_ITEM]->(i)
    WHERE e.expirationDate IS NOT NULL
  } AS hasExpirationEntries
ORDER BY i.no
RETURN
  c {.*} AS trackingCode,
  count(i) AS itemsUsing,
  count(CASE WHEN i.expirationCalculation <> '' THEN 1 END) AS itemsWithExpirationCalculation,
  head(collect(CASE WHEN hasEntries THEN i.no END)) AS itemWithEntries,
  head(collect(CASE WHEN hasExpirationEntries THEN i.no END)) AS itemWithExpirationEntries,
  head(collect(CASE WHEN i.costingMethod = 'Specific' THEN i.no END)) AS itemWithSpecificCosting
