// Records that a serial number belongs to a lot of the same item and variant.
MERGE (s:SerialNo {itemNo: $itemNo, variantCode: $variantCode, serialNo: $serialNo})
MERGE (l:Lot {itemNo: $itemNo, variantCode: $variantCode, lotNo: $lotNo})
MERGE (s)-[:IN_LOT]->(l)
RETURN elementId(s) AS id
