CREATE INDEX item_ledger_entry_document IF NOT EXISTS
FOR (e:ItemLedgerEntry)
ON (e.documentNo)
