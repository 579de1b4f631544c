// Serial numbers packed into packages, as containment/create_containment_edges writes them, and
// unpacked (`unpackedBy`) when a later posting took them from the package's location.
UNWIND $rows AS row
MATCH (s:SerialNo {itemNo: row.itemNo, variantCode: row.variantCode, serialNo: row.serialNo})
MATCH (p:Package {packageNo: row.packageNo})
CREATE (s)-[r:IN_PACKAGE]->(p)
SET r.packedAt = datetime(), r.packedBy = row.packedBy, r.quantity = 1,
  r.locationCode = row.locationCode, r.unpackedBy = row.unpackedBy,
  r.unpackedAt = CASE WHEN row.unpackedBy IS NULL THEN null ELSE datetime() END
