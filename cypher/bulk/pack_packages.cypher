// Packages packed into packages (cartons on pallets).
UNWIND $rows AS row
MATCH (c:Package {packageNo: row.child})
MATCH (p:Package {packageNo: row.packageNo})
CREATE (c)-[r:IN_PACKAGE]->(p)
SET r.packedAt = datetime(), r.packedBy = row.packedBy, r.quantity = 1,
  r.locationCode = row.locationCode
