// Writes a card (locked earlier in this transaction) and appends its one audit record, then
// links a serial or lot card to its item if the item exists (a package has no itemNo).
MATCH (c)
WHERE elementId(c) = $id
SET c += $values, c.cardCreatedAt = coalesce(c.cardCreatedAt, datetime())
WITH c, COUNT { (c)-[:HAS_AUDIT_RECORD]->(:AuditRecord) } + 1 AS sequence
CREATE (c)-[:HAS_AUDIT_RECORD]->(a:AuditRecord)
SET a = $audit, a.sequence = sequence, a.at = datetime(), a.apiKeyId = $actorKeyId,
  a.apiKeyName = $actorKeyName
WITH c
OPTIONAL MATCH (i:Item {no: c.itemNo})
FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END | MERGE (c)-[:OF_ITEM]->(i))
RETURN c {.*} AS card
