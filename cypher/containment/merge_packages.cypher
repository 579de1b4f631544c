// Finds or creates the packages about to be packed (a package number may be new).
UNWIND $packageNos AS no
MERGE (p:Package {packageNo: no})
RETURN count(p) AS packages
