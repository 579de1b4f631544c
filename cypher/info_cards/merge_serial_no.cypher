// Finds or creates the node of a serial number and locks it, so its card is created once.
MERGE (s:SerialNo {itemNo: $itemNo, variantCode: $variantCode, serialNo: $no})
SET s.lock = true
REMOVE s.lock
RETURN elementId(s) AS id, s {.*} AS card
