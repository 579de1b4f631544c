MATCH (l:Lot {itemNo: $itemNo, variantCode: $variantCode, lotNo: $no})
RETURN elementId(l) AS id, l {.*} AS card
