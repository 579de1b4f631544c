UNWIND $places AS place
MATCH (e:ItemLedgerEntry {itemNo: place.itemNo, variantCode: place.variantCode, locationCode: place.locationCode, open: true})
RETURN e {.entryNo, .itemNo, .variantCode, .locationCode, .binCode, .serialNo, .lotNo, .packageNo, .postingDate, .expirationDate, .remainingQuantity} AS entry
