// A production order's lines (Prod. Order Line No.), each once per order.
CREATE CONSTRAINT production_order_line_unique IF NOT EXISTS
FOR (l:ProductionOrderLine)
REQUIRE (l.orderNo, l.lineNo) IS UNIQUE
