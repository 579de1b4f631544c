// Writes a card (locked earlier in this transaction) and appends its one audit record, then
// links a serial or lot card to its item if the item exists and it is not linked yet (a package
// has no itemNo). The card's lock keeps two links from being made; a MERGE would also lock the
// item, and a posting holding the item while it waits for the card would deadlock with it.
MATCH (c)
WHERE elementId(c) = $id
SET c += $values, c.cardCreatedAt = coalesce(c.cardCreatedAt, datetime())
WITH c, COUNT { (c)-[:HAS_AUDIT_RECORD]->(:AuditRecord) } + 1 AS sequence
CREATE (c)-[:HAS_AUDIT_RECORD]->(a:AuditRecord)
SET a = $audit, a.sequence = sequence, a.at = datetime(), a.apiKeyId = $actorKeyId,
  a.apiKeyName = $actorKeyName
WITH c
OPTIONAL MATCH (i:Item {no: c.itemNo})
WHERE NOT EXISTS { (c)-[:OF_ITEM]->(i) }
FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END | CREATE (c)-[:OF_ITEM]->(i))
RETURN c {.*} AS card
