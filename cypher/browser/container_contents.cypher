// Everything ever packed in a container, at any depth (packages, lots, serials), with the
// ledger entries of its lots and serials and their documents. Unpacked edges stay as history
// (`unpackedAt` set).
// :param packageNo => 'CONTAINER010'
MATCH path = (:Package {packageNo: $packageNo})<-[:IN_PACKAGE|IN_LOT*1..]-(content)
OPTIONAL MATCH entries = (content)<-[:OF_LOT|OF_SERIAL]-(:ItemLedgerEntry)<-[:HAS_ENTRY]-(:Document)
RETURN path, entries
