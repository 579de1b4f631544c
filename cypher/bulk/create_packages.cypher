UNWIND $packageNos AS no
CREATE (:Package {packageNo: no})
