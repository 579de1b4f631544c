// What packages hold now, per item and variant, for their cards (Business Central's Inventory and
// Expired Inventory): the open entries of the lots and serial numbers each holds at any depth, at
// the location it holds them (as on-hand by package counts them), and of that what is past its
// expiration date on $today. Read apart from the cards, never stored.
UNWIND $ids AS id
MATCH (p:Package)
WHERE elementId(p) = id
RETURN id, COLLECT {
  CALL (p) {
    MATCH path = (n)-[:IN_PACKAGE*1..]->(p)
    WHERE all(r IN relationships(path) WHERE r.unpackedAt IS NULL)
    MATCH (n)<-[:OF_LOT|OF_SERIAL]-(e:ItemLedgerEntry)
    WHERE e.open AND e.locationCode = head(relationships(path)).locationCode
    RETURN DISTINCT e
  }
  WITH e.itemNo AS itemNo, e.variantCode AS variantCode,
    sum(e.remainingQuantity) AS inventory,
    sum(CASE WHEN e.expirationDate < $today THEN e.remainingQuantity ELSE 0 END) AS expiredInventory
  ORDER BY itemNo, variantCode
  RETURN {itemNo: itemNo, variantCode: variantCode, inventory: inventory,
          expiredInventory: expiredInventory}
} AS items
