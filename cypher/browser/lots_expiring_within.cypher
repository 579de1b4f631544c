// Lots on hand that expire within the next N days (or have expired), by location.
// :param days => 1825
MATCH (e:ItemLedgerEntry)-[:OF_LOT]->(lot:Lot)
WHERE e.open
  AND e.expirationDate IS NOT NULL
  AND e.expirationDate <= date() + duration({days: $days})
RETURN lot.itemNo AS item, lot.lotNo AS lotNo, e.expirationDate AS expirationDate,
       e.locationCode AS location, sum(e.remainingQuantity) AS onHand,
       e.expirationDate < date() AS expired
ORDER BY expirationDate, item, lotNo, location
