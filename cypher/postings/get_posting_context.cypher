// Everything a posting reads once its items are locked (`lock_items` runs ahead of it, in the
// same statement), in one round trip:
// - its items, with their tracking code, variants and number series;
// - which of its locations, bins and partners exist, with the GLNs its EPCIS event names them
//   by, and whether the document was posted already;
// - the card state of the numbers it names (lots with their expiration date, serials with
//   whether they are on inventory);
// - where the entry number sequence stands (`service.domain.entry_numbers` says why), found by
//   a label scan: in a writing statement a seek on its unique name would lock the name until
//   commit when the sequence does not exist yet, and the draw that creates it would wait on it;
// - the open entries its outbound lines may apply to, per item, variant and location: only
//   those of the serials and lots the lines name when every outbound line there names one
//   (index seeks on serialNo / lotNo), all of the place's open entries otherwise (FIFO/FEFO);
//   each with the card state of its serial number, lot and package (`[kind, number, exists,
//   blocked]`), so that blocked stock is left out and the numbers a line did not name are
//   checked too.
CALL () {
  UNWIND $itemNos AS itemNo
  MATCH (i:Item {no: itemNo})
  OPTIONAL MATCH (i)-[:USES_TRACKING_CODE]->(c:ItemTrackingCode)
  RETURN collect({
    item: i {.*},
    trackingCode: c {.*},
    variants: COLLECT { MATCH (i)-[:HAS_VARIANT]->(v:ItemVariant) RETURN v.code },
    serialNos: COLLECT { MATCH (i)-[:SERIAL_NOS]->(s:NumberSeries) RETURN s.code },
    lotNos: COLLECT { MATCH (i)-[:LOT_NOS]->(s:NumberSeries) RETURN s.code }
  }) AS items
}
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
CALL () {
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
  // A package number is looked up behind its filter: in this writing statement a lookup of a
  // unique key that finds nothing (the empty number) would lock that key until commit, and
  // every posting would wait on the one before.
  CALL (e) {
    WITH e WHERE e.packageNo <> ''
    CALL (e) {
      MATCH (p:Package {packageNo: e.packageNo})
      RETURN ['package', p.packageNo, p.cardCreatedAt IS NOT NULL, coalesce(p.blocked, false)] AS card
    }
    RETURN collect(card) AS packageCards
  }
  RETURN collect(e {.entryNo, .itemNo, .variantCode, .locationCode, .binCode, .serialNo, .lotNo, .packageNo, .postingDate, .expirationDate, .warrantyDate, .remainingQuantity,
    cards: COLLECT {
      MATCH (e)-[:OF_SERIAL|OF_LOT]->(n)
      RETURN CASE WHEN n:SerialNo THEN ['serial', n.serialNo] ELSE ['lot', n.lotNo] END
        + [n.cardCreatedAt IS NOT NULL, coalesce(n.blocked, false)]
    } + packageCards
  }) AS openEntries
}
RETURN
  items,
  [code IN $locationCodes WHERE NOT EXISTS { (:Location {code: code}) }] AS missingLocations,
  [bin IN $bins WHERE NOT EXISTS { (:Bin {locationCode: bin.locationCode, code: bin.code}) }] AS missingBins,
  $customerNo IS NULL OR EXISTS { (:Customer {no: $customerNo}) } AS customerExists,
  $vendorNo IS NULL OR EXISTS { (:Vendor {no: $vendorNo}) } AS vendorExists,
  EXISTS { (:Document {kind: $kind, documentNo: $documentNo}) } AS alreadyPosted,
  COLLECT {
    MATCH (l:Location)
    WHERE l.code IN $locationCodes AND l.gln IS NOT NULL
    RETURN {code: l.code, gln: l.gln}
  } AS locationGlns,
  COLLECT { MATCH (c:Customer {no: $customerNo}) RETURN c.gln }[0] AS customerGln,
  COLLECT { MATCH (v:Vendor {no: $vendorNo}) RETURN v.gln }[0] AS vendorGln,
  serials,
  lots,
  packages,
  openEntries,
  COLLECT {
    MATCH (s:LedgerSequence) USING SCAN s:LedgerSequence
    WHERE s.name = 'itemLedgerEntry'
    RETURN s.last
  }[0] AS sequenceAt
