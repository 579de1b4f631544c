CREATE INDEX item_ledger_entry_serial IF NOT EXISTS
FOR (e:ItemLedgerEntry)
ON (e.serialNo)
