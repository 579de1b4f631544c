UNWIND $orderNos AS no
CREATE (:AssemblyOrder {orderNo: no})
