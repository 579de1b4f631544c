CREATE CONSTRAINT inventory_setup_unique IF NOT EXISTS
FOR (s:InventorySetup)
REQUIRE s.id IS UNIQUE
