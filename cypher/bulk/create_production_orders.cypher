UNWIND $orderNos AS no
CREATE (:ProductionOrder {orderNo: no})
