// The next entry numbers: the sequence node is unique by name (a constraint), so concurrent
// first postings MERGE one node and queue on its lock instead of both starting at 1.
MERGE (s:LedgerSequence {name: 'itemLedgerEntry'})
SET s.last = coalesce(s.last, 0) + $count
RETURN s.last - $count AS before
