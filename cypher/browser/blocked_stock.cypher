// Stock on hand whose serial, lot or package is blocked, with the reason of the last block.
// :param itemNo => null
MATCH (e:ItemLedgerEntry)-[:OF_SERIAL|OF_LOT|OF_PACKAGE]->(number)
WHERE e.open
  AND number.blocked
  AND ($itemNo IS NULL OR e.itemNo = $itemNo)
OPTIONAL MATCH (number)-[:HAS_AUDIT_RECORD]->(audit:AuditRecord)
WHERE audit.action = 'block'
WITH e, number, audit
ORDER BY audit.sequence DESC
WITH e, number, head(collect(audit)) AS lastBlock
RETURN e.itemNo AS item, e.locationCode AS location, e.serialNo AS serialNo, e.lotNo AS lotNo,
       e.packageNo AS packageNo, labels(number)[0] AS blockedNumber,
       lastBlock.reason AS reason, lastBlock.user AS user, e.remainingQuantity AS quantity
ORDER BY item, location, lotNo, serialNo
