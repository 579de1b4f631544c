// What serial and lot numbers hold now, for their cards (Business Central's Inventory and
// Expired Inventory): the remaining quantity of their open entries at every location, and of
// that what is past its expiration date on $today. Read apart from the cards, never stored.
//
// Neo4j Browser: :param ids => [], :param today => date(), then this file.
UNWIND $ids AS id
MATCH (n)
WHERE elementId(n) = id
CALL (n) {
  OPTIONAL MATCH (n)<-[:OF_SERIAL|OF_LOT]-(e:ItemLedgerEntry)
  WHERE e.open
  RETURN
    coalesce(sum(e.remainingQuantity), 0) AS inventory,
    coalesce(sum(CASE WHEN e.expirationDate < $today THEN e.remainingQuantity ELSE 0 END), 0)
      AS expiredInventory
}
RETURN id, inventory, expiredInventory
