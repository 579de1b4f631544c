// Relationship types the service's statements name but that only some postings write, created
// up front: in a new database APPLIED_FROM (a return naming the sale it reverses) would not
// exist yet, and Neo4j Browser would warn that the trace queries name an unknown type.
CALL db.createRelationshipType('APPLIED_FROM')
