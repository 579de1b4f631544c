// Store events: each with the identifiers it names (canonical, one Epc node per identifier,
// the field it was named in on the edge), the documents it posted and its business
// transactions.
UNWIND $events AS event
CREATE (e:EpcisEvent)
SET e = event.props,
  e.recordTime = $recordTime
WITH e, event
CALL (e, event) {
  UNWIND event.identifiers AS named
  MERGE (x:Epc {uri: named.uri})
  CREATE (e)-[:CONCERNS {field: named.field}]->(x)
}
CALL (e, event) {
  UNWIND event.documents AS posted
  MATCH (d:Document {kind: posted.kind, documentNo: posted.documentNo})
  CREATE (e)-[:RECORDS]->(d)
}
CALL (e, event) {
  UNWIND event.bizTransactions AS transaction
  MERGE (t:BizTransaction {type: transaction.type, id: transaction.id})
  CREATE (e)-[:FOR_TRANSACTION]->(t)
}
