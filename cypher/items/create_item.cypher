CREATE (i:Item)
SET i = $props
FOREACH (variant IN $variants |
  CREATE (i)-[:HAS_VARIANT]->(v:ItemVariant)
  SET v = variant, v.itemNo = i.no
)
RETURN i.no AS no
