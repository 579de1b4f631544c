// Which of the document's locations, bins and partners exist.
RETURN
  [code IN $locationCodes WHERE NOT EXISTS { (:Location {code: code}) }] AS missingLocations,
  [bin IN $bins WHERE NOT EXISTS { (:Bin {locationCode: bin.locationCode, code: bin.code}) }] AS missingBins,
  $customerNo IS NULL OR EXISTS { (:Customer {no: $customerNo}) } AS customerExists,
  $vendorNo IS NULL OR EXISTS { (:Vendor {no: $vendorNo}) } AS vendorExists,
  EXISTS { (:Document {kind: $kind, documentNo: $documentNo}) } AS alreadyPosted
