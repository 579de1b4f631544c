// Locks every item of the document (in order), so postings of the same items queue up. A
// posting runs it ahead of `get_posting_context` (and, with an idempotency key, ahead of
// `get_idempotency_record`), in the same statement.
UNWIND $itemNos AS itemNo
MATCH (i:Item {no: itemNo})
SET i.lock = true
REMOVE i.lock
