CREATE INDEX item_ledger_entry_package IF NOT EXISTS
FOR (e:ItemLedgerEntry)
ON (e.packageNo)
