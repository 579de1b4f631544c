CREATE CONSTRAINT ledger_sequence_unique IF NOT EXISTS
FOR (s:LedgerSequence)
REQUIRE s.name IS UNIQUE
