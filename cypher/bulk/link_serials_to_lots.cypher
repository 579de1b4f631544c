UNWIND $rows AS row
MATCH (s:SerialNo {itemNo: row.itemNo, variantCode: row.variantCode, serialNo: row.serialNo})
MATCH (l:Lot {itemNo: row.itemNo, variantCode: row.variantCode, lotNo: row.lotNo})
CREATE (s)-[:IN_LOT]->(l)
