CREATE CONSTRAINT production_order_unique IF NOT EXISTS
FOR (o:ProductionOrder)
REQUIRE o.orderNo IS UNIQUE
