// Blocks each affected serial or lot (creating its card if it has none), with an audit record
// naming the recall. Numbers already blocked are left as they are.
UNWIND $numbers AS number
CALL (number) {
  MATCH (n:SerialNo {itemNo: number.itemNo, variantCode: number.variantCode, serialNo: number.no})
  WHERE number.kind = 'serial'
  RETURN n
UNION
  MATCH (n:Lot {itemNo: number.itemNo, variantCode: number.variantCode, lotNo: number.no})
  WHERE number.kind = 'lot'
  RETURN n
}
WITH n
WHERE NOT coalesce(n.blocked, false)
SET n.lock = true
REMOVE n.lock
WITH n, COUNT { (n)-[:HAS_AUDIT_RECORD]->(:AuditRecord) } + 1 AS sequence
SET n.blocked = true, n.cardCreatedAt = coalesce(n.cardCreatedAt, datetime()),
  n.description = coalesce(n.description, ''), n.comment = coalesce(n.comment, '')
CREATE (n)-[:HAS_AUDIT_RECORD]->(:AuditRecord {
  sequence: sequence, at: datetime(), user: $user, action: 'block', reason: $reason,
  apiKeyId: $actorKeyId, apiKeyName: $actorKeyName,
  changes: '{"blocked": {"old": false, "new": true}}'
})
RETURN CASE WHEN n:SerialNo THEN 'serial' ELSE 'lot' END AS kind, n.itemNo AS itemNo,
  n.variantCode AS variantCode, coalesce(n.serialNo, n.lotNo) AS no
