"""The only package that imports neo4j: the driver, the Cypher loader and one module per area."""
