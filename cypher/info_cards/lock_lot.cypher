// Locks the node of a lot, so the rules decide on what is current.
MATCH (l:Lot {itemNo: $itemNo, variantCode: $variantCode, lotNo: $no})
SET l.lock = true
REMOVE l.lock
RETURN elementId(l) AS id, l {.*} AS card
