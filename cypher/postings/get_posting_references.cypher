// Which of the document's locations, bins and partners exist, with the GLNs its EPCIS event
// names them by.
RETURN
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
  COLLECT { MATCH (v:Vendor {no: $vendorNo}) RETURN v.gln }[0] AS vendorGln
