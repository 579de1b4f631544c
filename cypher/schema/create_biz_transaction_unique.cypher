CREATE CONSTRAINT biz_transaction_unique IF NOT EXISTS
FOR (t:BizTransaction)
REQUIRE (t.type, t.id) IS UNIQUE
