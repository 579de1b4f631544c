MATCH (i:Item {no: $no})
SET i += $props
RETURN i.no AS no
