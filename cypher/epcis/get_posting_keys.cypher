// The GS1 keys a posting's event is written with: item GTINs, location, customer and vendor GLNs.
CALL () {
  MATCH (i:Item)
  WHERE i.no IN $itemNos AND i.gtin IS NOT NULL
  RETURN collect({no: i.no, gtin: i.gtin}) AS items
}
CALL () {
  MATCH (l:Location)
  WHERE l.code IN $locationCodes AND l.gln IS NOT NULL
  RETURN collect({code: l.code, gln: l.gln}) AS locations
}
OPTIONAL MATCH (c:Customer {no: $customerNo})
OPTIONAL MATCH (v:Vendor {no: $vendorNo})
RETURN items, locations, c.gln AS customerGln, v.gln AS vendorGln
