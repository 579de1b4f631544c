// Serial numbers packed into packages, as containment/create_containment_edges writes them.
UNWIND $rows AS row
MATCH (s:SerialNo {itemNo: row.itemNo, variantCode: row.variantCode, serialNo: row.serialNo})
MATCH (p:Package {packageNo: row.packageNo})
CREATE (s)-[r:IN_PACKAGE]->(p)
SET r.packedAt = datetime(), r.packedBy = row.packedBy, r.quantity = 1
