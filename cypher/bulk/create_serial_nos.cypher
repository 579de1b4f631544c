// Serial numbers, each tied to the lots it was posted in (created before, so matched); those
// whose card was created on posting get the card's fields and its first audit record, as
// postings/create_posted_cards writes them.
UNWIND $rows AS row
CREATE (s:SerialNo {itemNo: row.itemNo, variantCode: row.variantCode, serialNo: row.no})
WITH s, row
CALL (s, row) {
  UNWIND row.lotNos AS lotNo
  MATCH (l:Lot {itemNo: row.itemNo, variantCode: row.variantCode, lotNo: lotNo})
  CREATE (s)-[:IN_LOT]->(l)
}
WITH s, row
WHERE row.postedBy IS NOT NULL
SET s.cardCreatedAt = datetime(), s.blocked = false, s.description = '', s.comment = ''
CREATE (s)-[:HAS_AUDIT_RECORD]->(:AuditRecord {sequence: 1, at: datetime(), user: 'posting', action: 'create', reason: 'Created on posting ' + row.postedBy, changes: '{}'})
