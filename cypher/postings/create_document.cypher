// The document; postedAt is the posting's time, the one its packing and unpacking carry.
CREATE (d:Document)
SET d = $props, d.postedAt = coalesce($postedAt, datetime()), d.apiKeyId = $actorKeyId,
  d.apiKeyName = $actorKeyName,
  d.createdBy = coalesce($actorKeyName, '')
WITH d
OPTIONAL MATCH (c:Customer {no: $customerNo})
OPTIONAL MATCH (v:Vendor {no: $vendorNo})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | CREATE (d)-[:FOR_CUSTOMER]->(c))
FOREACH (_ IN CASE WHEN v IS NULL THEN [] ELSE [1] END | CREATE (d)-[:FROM_VENDOR]->(v))
