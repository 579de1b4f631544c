CREATE INDEX item_ledger_entry_lot IF NOT EXISTS
FOR (e:ItemLedgerEntry)
ON (e.lotNo)
