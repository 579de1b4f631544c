// Lots with their expiration date; cards created on posting as for serial numbers.
UNWIND $rows AS row
CREATE (l:Lot {itemNo: row.itemNo, variantCode: row.variantCode, lotNo: row.no})
SET l.expirationDate = row.expirationDate
WITH l, row
WHERE row.postedBy IS NOT NULL
SET l.cardCreatedAt = datetime(), l.blocked = false, l.description = '', l.comment = ''
CREATE (l)-[:HAS_AUDIT_RECORD]->(:AuditRecord {sequence: 1, at: datetime(), user: 'posting', action: 'create', reason: 'Created on posting ' + row.postedBy, changes: '{}'})
