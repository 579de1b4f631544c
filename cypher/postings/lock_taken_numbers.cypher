// Locks the cards of the numbers a posting takes stock from (serials, lots, packages of its
// outbound entries), in the order given, and answers those now blocked. A block takes the same
// lock to set `blocked`, so the two serialize: a block that committed before this lock is seen
// here (the posting is refused), and one that comes later waits until the posting commits.
UNWIND $cards AS card
CALL (card) {
  WITH card
  WHERE card.kind = 'serial'
  MATCH (n:SerialNo {itemNo: card.itemNo, variantCode: card.variantCode, serialNo: card.no})
  RETURN n
UNION
  WITH card
  WHERE card.kind = 'lot'
  MATCH (n:Lot {itemNo: card.itemNo, variantCode: card.variantCode, lotNo: card.no})
  RETURN n
UNION
  WITH card
  WHERE card.kind = 'package'
  MATCH (n:Package {packageNo: card.no})
  RETURN n
}
SET n.lock = true
REMOVE n.lock
WITH card, n
WHERE coalesce(n.blocked, false)
RETURN card.kind AS kind, card.itemNo AS itemNo, card.variantCode AS variantCode, card.no AS no
