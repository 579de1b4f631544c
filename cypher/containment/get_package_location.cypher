// Where a package is: the location its current edges name (to what it holds, or to what holds
// it), null for an empty package in none, or one that left the inventory whole (shipped).
MATCH (p:Package {packageNo: $packageNo})
OPTIONAL MATCH (p)-[held:IN_PACKAGE]-()
WHERE held.unpackedAt IS NULL
WITH held
ORDER BY held.packedAt DESC
RETURN head(collect(held.locationCode)) AS locationCode
