// Finds or creates the packages a posting puts stock into, locks each, and answers where each is
// now: the location its current edges name (null when it is empty, or left the inventory whole).
UNWIND $packageNos AS no
MERGE (p:Package {packageNo: no})
SET p.lock = true
REMOVE p.lock
WITH p
OPTIONAL MATCH (p)-[held:IN_PACKAGE]-()
WHERE held.unpackedAt IS NULL
WITH p, held
ORDER BY held.packedAt DESC
RETURN p.packageNo AS packageNo, head(collect(held.locationCode)) AS locationCode
