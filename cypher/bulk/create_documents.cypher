// Documents as postings/create_document writes them, a batch at a time.
UNWIND $rows AS row
CREATE (d:Document)
SET d = row.props, d.postedAt = datetime(), d.createdBy = ''
WITH d, row
OPTIONAL MATCH (c:Customer {no: row.customerNo})
OPTIONAL MATCH (v:Vendor {no: row.vendorNo})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | CREATE (d)-[:FOR_CUSTOMER]->(c))
FOREACH (_ IN CASE WHEN v IS NULL THEN [] ELSE [1] END | CREATE (d)-[:FROM_VENDOR]->(v))
