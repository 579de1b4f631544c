// Information cards the tracking code creates on posting, each with its first audit record.
UNWIND $cards AS card
CALL (card) {
  WITH card WHERE card.kind = 'serial'
  MERGE (n:SerialNo {itemNo: card.itemNo, variantCode: card.variantCode, serialNo: card.no})
  RETURN n
UNION
  WITH card WHERE card.kind = 'lot'
  MERGE (n:Lot {itemNo: card.itemNo, variantCode: card.variantCode, lotNo: card.no})
  RETURN n
}
SET n.cardCreatedAt = datetime(), n.blocked = false, n.description = coalesce(n.description, ''), n.comment = coalesce(n.comment, '')
CREATE (n)-[:HAS_AUDIT_RECORD]->(:AuditRecord {sequence: 1, at: datetime(), user: $user, action: 'create', reason: $reason, changes: '{}', apiKeyId: $actorKeyId, apiKeyName: $actorKeyName})
