// The customers a recall must call, with what reaches them: name, contact person, phone,
// e-mail and address (customers named on shipments but not set up come back with none).
//
// Neo4j Browser (demo data, `make run`): run this :param line, then this file.
// :param customerNos => ['C10000']
UNWIND $customerNos AS no
OPTIONAL MATCH (c:Customer {no: no})
RETURN collect({no: no, name: coalesce(c.name, ''), contact: coalesce(c.contact, ''),
  phoneNo: coalesce(c.phoneNo, ''), email: coalesce(c.email, ''),
  address: coalesce(c.address, ''), address2: coalesce(c.address2, ''),
  postCode: coalesce(c.postCode, ''), city: coalesce(c.city, ''),
  countryRegionCode: coalesce(c.countryRegionCode, '')}) AS customers
