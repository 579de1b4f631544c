// What a number that names nothing may have meant: serial numbers, lots, packages and items
// whose text is $text (of another item, or another kind), is $text in another case, or, for
// numbers of $kind, starts with $prefix (near matches, at most $limit; the service measures
// how near). The case-blind look is a scan of each kind's nodes: it runs only for a number
// that was not found.
//
// Neo4j Browser (demo data, `make run`): run these :param lines, then this file.
// :param text => 'LOT00O1'
// :param kind => 'lot'
// :param prefix => 'LOT'
// :param limit => 2000
CALL () {
  MATCH (n:SerialNo)
  WHERE n.serialNo = $text OR toLower(n.serialNo) = toLower($text)
  RETURN 'serial' AS kind, n.serialNo AS no, n.itemNo AS itemNo
UNION
  MATCH (n:Lot)
  WHERE n.lotNo = $text OR toLower(n.lotNo) = toLower($text)
  RETURN 'lot' AS kind, n.lotNo AS no, n.itemNo AS itemNo
UNION
  MATCH (n:Package)
  WHERE toLower(n.packageNo) = toLower($text)
  RETURN 'package' AS kind, n.packageNo AS no, '' AS itemNo
UNION
  MATCH (n:Item)
  WHERE toLower(n.no) = toLower($text)
  RETURN 'item' AS kind, n.no AS no, '' AS itemNo
UNION
  CALL () {
    MATCH (n:SerialNo)
    WHERE $kind = 'serial' AND n.serialNo STARTS WITH $prefix
    RETURN 'serial' AS kind, n.serialNo AS no, n.itemNo AS itemNo
  UNION
    MATCH (n:Lot)
    WHERE $kind = 'lot' AND n.lotNo STARTS WITH $prefix
    RETURN 'lot' AS kind, n.lotNo AS no, n.itemNo AS itemNo
  UNION
    MATCH (n:Package)
    WHERE $kind = 'package' AND n.packageNo STARTS WITH $prefix
    RETURN 'package' AS kind, n.packageNo AS no, '' AS itemNo
  UNION
    MATCH (n:Item)
    WHERE $kind = 'item' AND n.no STARTS WITH $prefix
    RETURN 'item' AS kind, n.no AS no, '' AS itemNo
  }
  WITH kind, no, itemNo
  WHERE abs(size(no) - size($text)) <= 2
  RETURN kind, no, itemNo
  LIMIT $limit
}
RETURN collect({kind: kind, no: no, itemNo: itemNo}) AS candidates
