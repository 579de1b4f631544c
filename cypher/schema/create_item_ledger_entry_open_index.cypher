CREATE INDEX item_ledger_entry_open IF NOT EXISTS
FOR (e:ItemLedgerEntry)
ON (e.itemNo, e.variantCode, e.locationCode, e.open)
