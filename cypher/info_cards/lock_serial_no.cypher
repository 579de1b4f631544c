// Locks the node of a serial number, so the rules decide on what is current.
MATCH (s:SerialNo {itemNo: $itemNo, variantCode: $variantCode, serialNo: $no})
SET s.lock = true
REMOVE s.lock
RETURN elementId(s) AS id, s {.*} AS card
