MATCH (s:SerialNo {itemNo: $itemNo, variantCode: $variantCode, serialNo: $no})
RETURN elementId(s) AS id, s {.*} AS card
