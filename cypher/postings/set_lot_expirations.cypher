UNWIND $lots AS lot
MERGE (l:Lot {itemNo: lot.itemNo, variantCode: lot.variantCode, lotNo: lot.no})
SET l.expirationDate = lot.expirationDate
