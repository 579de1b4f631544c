// Card state of the numbers a document names; lots with their expiration date,
// serials with whether they are on inventory.
CALL () {
  UNWIND $serials AS key
  OPTIONAL MATCH (s:SerialNo {itemNo: key.itemNo, variantCode: key.variantCode, serialNo: key.no})
  RETURN collect({
    itemNo: key.itemNo,
    variantCode: key.variantCode,
    no: key.no,
    exists: s.cardCreatedAt IS NOT NULL,
    blocked: coalesce(s.blocked, false),
    onInventory: EXISTS {
      MATCH (e:ItemLedgerEntry {serialNo: key.no})
      WHERE e.itemNo = key.itemNo AND e.variantCode = key.variantCode AND e.open
    }
  }) AS serials
}
CALL () {
  UNWIND $lots AS key
  OPTIONAL MATCH (l:Lot {itemNo: key.itemNo, variantCode: key.variantCode, lotNo: key.no})
  RETURN collect({
    itemNo: key.itemNo,
    variantCode: key.variantCode,
    no: key.no,
    exists: l.cardCreatedAt IS NOT NULL,
    blocked: coalesce(l.blocked, false),
    expirationDate: l.expirationDate
  }) AS lots
}
CALL () {
  UNWIND $packages AS no
  OPTIONAL MATCH (p:Package {packageNo: no})
  RETURN collect({no: no, exists: p.cardCreatedAt IS NOT NULL, blocked: coalesce(p.blocked, false)}) AS packages
}
RETURN serials, lots, packages
