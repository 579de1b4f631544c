// The open entries a posting's outbound lines may apply to, per item, variant and location:
// only those of the serials and lots the lines name when every outbound line there names one
// (index seeks on serialNo / lotNo), all of the place's open entries otherwise (FIFO/FEFO).
UNWIND $places AS place
CALL (place) {
  WITH place
  WHERE place.all
  MATCH (e:ItemLedgerEntry {itemNo: place.itemNo, variantCode: place.variantCode, locationCode: place.locationCode, open: true})
  RETURN e
UNION
  UNWIND place.serialNos AS serialNo
  MATCH (e:ItemLedgerEntry {serialNo: serialNo})
  WHERE e.itemNo = place.itemNo AND e.variantCode = place.variantCode
    AND e.locationCode = place.locationCode AND e.open
  RETURN e
UNION
  UNWIND place.lotNos AS lotNo
  MATCH (e:ItemLedgerEntry {lotNo: lotNo})
  WHERE e.itemNo = place.itemNo AND e.variantCode = place.variantCode
    AND e.locationCode = place.locationCode AND e.open
  RETURN e
}
RETURN e {.entryNo, .itemNo, .variantCode, .locationCode, .binCode, .serialNo, .lotNo, .packageNo, .postingDate, .expirationDate, .remainingQuantity} AS entry
