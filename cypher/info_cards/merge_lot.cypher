// Finds or creates the node of a lot and locks it, so its card is created once.
MERGE (l:Lot {itemNo: $itemNo, variantCode: $variantCode, lotNo: $no})
SET l.lock = true
REMOVE l.lock
RETURN elementId(l) AS id, l {.*} AS card
