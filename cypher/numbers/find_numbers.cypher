// The numbers of one kind ($kind: 'serial', 'lot', 'package' or 'item') that a filter matches:
// each of $alternatives is a number (`exact`), a range (`low`..`high`, either end null) or a
// pattern (`regex`, with the literal `prefix` before its first wildcard), as
// service/domain/numbers.py parses Business Central's filter expressions. Serial numbers and
// lots are those of an item in $itemNos when it is not null.
//
// Neo4j Browser (demo data, `make run`): run these :param lines, then this file.
// :param kind => 'lot'
// :param alternatives => [{exact: null, low: null, high: null, prefix: 'LOT', regex: 'LOT.*'}]
// :param itemNos => null
CALL () {
  UNWIND $alternatives AS a
  MATCH (n:SerialNo)
  WHERE $kind = 'serial'
    AND n.serialNo STARTS WITH a.prefix
    AND (a.exact IS NULL OR n.serialNo = a.exact)
    AND (a.low IS NULL OR n.serialNo >= a.low)
    AND (a.high IS NULL OR n.serialNo <= a.high)
    AND (a.regex IS NULL OR n.serialNo =~ a.regex)
  RETURN n.serialNo AS no, n.itemNo AS itemNo
UNION
  UNWIND $alternatives AS a
  MATCH (n:Lot)
  WHERE $kind = 'lot'
    AND n.lotNo STARTS WITH a.prefix
    AND (a.exact IS NULL OR n.lotNo = a.exact)
    AND (a.low IS NULL OR n.lotNo >= a.low)
    AND (a.high IS NULL OR n.lotNo <= a.high)
    AND (a.regex IS NULL OR n.lotNo =~ a.regex)
  RETURN n.lotNo AS no, n.itemNo AS itemNo
UNION
  UNWIND $alternatives AS a
  MATCH (n:Package)
  WHERE $kind = 'package'
    AND n.packageNo STARTS WITH a.prefix
    AND (a.exact IS NULL OR n.packageNo = a.exact)
    AND (a.low IS NULL OR n.packageNo >= a.low)
    AND (a.high IS NULL OR n.packageNo <= a.high)
    AND (a.regex IS NULL OR n.packageNo =~ a.regex)
  RETURN n.packageNo AS no, '' AS itemNo
UNION
  UNWIND $alternatives AS a
  MATCH (n:Item)
  WHERE $kind = 'item'
    AND n.no STARTS WITH a.prefix
    AND (a.exact IS NULL OR n.no = a.exact)
    AND (a.low IS NULL OR n.no >= a.low)
    AND (a.high IS NULL OR n.no <= a.high)
    AND (a.regex IS NULL OR n.no =~ a.regex)
  RETURN n.no AS no, '' AS itemNo
}
WITH no, itemNo
WHERE $kind IN ['package', 'item'] OR $itemNos IS NULL OR itemNo IN $itemNos
RETURN collect(DISTINCT {kind: $kind, no: no, itemNo: itemNo}) AS numbers
