// Lots by their text alone (any item): a trace or recall names a lot, often without its
// item, and filters by its beginning (`LOT*`).
CREATE INDEX lot_number IF NOT EXISTS
FOR (l:Lot)
ON (l.lotNo)
