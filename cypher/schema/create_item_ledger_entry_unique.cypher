CREATE CONSTRAINT item_ledger_entry_unique IF NOT EXISTS
FOR (e:ItemLedgerEntry)
REQUIRE e.entryNo IS UNIQUE
