CREATE CONSTRAINT assembly_order_unique IF NOT EXISTS
FOR (o:AssemblyOrder)
REQUIRE o.orderNo IS UNIQUE
