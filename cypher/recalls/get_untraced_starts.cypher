// The inbound entries of affected numbers that a recall's walk has not reached yet (e.g. stock
// a customer sent back): where the walk goes on from.
UNWIND $numbers AS number
MATCH (e:ItemLedgerEntry)
WHERE e.lotNo = number.lotNo
  AND e.serialNo = number.serialNo
  AND e.itemNo = number.itemNo
  AND e.variantCode = number.variantCode
  AND e.positive
  AND NOT e.entryType IN ['Consumption', 'Assembly Consumption']
  AND NOT e.entryNo IN $traced
RETURN DISTINCT e {.*} AS entry
ORDER BY entry.entryNo
