// Our master data as the GS1 keys of an EPCIS document find it: items by GTIN; locations,
// customers and vendors by GLN; the lot of each serial named; the packages that exist.
CALL () {
  MATCH (i:Item)
  WHERE i.gtin IN $gtins
  RETURN collect({gtin: i.gtin, no: i.no}) AS items
}
CALL () {
  MATCH (l:Location)
  WHERE l.gln IN $glns
  RETURN collect({gln: l.gln, code: l.code}) AS locations
}
CALL () {
  MATCH (c:Customer)
  WHERE c.gln IN $glns
  RETURN collect({gln: c.gln, no: c.no}) AS customers
}
CALL () {
  MATCH (v:Vendor)
  WHERE v.gln IN $glns
  RETURN collect({gln: v.gln, no: v.no}) AS vendors
}
CALL () {
  UNWIND $serials AS serial
  MATCH (i:Item {gtin: serial.gtin})
  MATCH (s:SerialNo {itemNo: i.no, variantCode: '', serialNo: serial.serialNo})
  OPTIONAL MATCH (s)-[:IN_LOT]->(lot:Lot)
  RETURN collect({itemNo: i.no, serialNo: serial.serialNo, lotNo: lot.lotNo}) AS serialLots
}
CALL () {
  MATCH (p:Package)
  WHERE p.packageNo IN $packageNos
  RETURN collect(p.packageNo) AS packages
}
RETURN items, locations, customers, vendors, serialLots, packages
