UNWIND $updates AS u
MATCH (e:ItemLedgerEntry {entryNo: u.entryNo})
SET e.remainingQuantity = u.remaining, e.open = u.remaining > 0
