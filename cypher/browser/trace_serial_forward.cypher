// Trace of a serial number, origin to usage, as a graph: the entries that brought it in, and
// every entry its stock reached through applications, transfers, returns naming their sale and
// production or assembly
// (the same entries as `tracegraph trace --serial 1001 --direction forward` and
// GET /v1/trace?serial_no=1001&method=origin-to-usage), with their documents.
// :param serialNo => '1001'
MATCH (start:ItemLedgerEntry)
WHERE start.serialNo = $serialNo
  AND start.positive
  AND NOT start.entryType IN ['Consumption', 'Assembly Consumption']
MATCH path = (start)<-[:APPLIED_TO|TRANSFERRED_FROM|APPLIED_FROM|CONSUMED|OUTPUT_OF]-*(reached)
WHERE reached:ItemLedgerEntry
OPTIONAL MATCH (document:Document)-[:HAS_ENTRY]->(reached)
RETURN path, document
