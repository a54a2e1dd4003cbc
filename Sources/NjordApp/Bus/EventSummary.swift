import NjordCore

/// One short line describing an event's payload, for `njord bus tail`: the fields an operator
/// scans for (symbol, side, price × quantity, status), not the whole event.
enum EventSummary {
    static func line(_ payload: EventPayload) -> String {
        switch payload {
        case .trade(let t): "\(t.venue) \(t.symbol) \(t.side.rawValue) \(t.qty)@\(t.price) trade=\(t.tradeId)"
        case .topOfBook(let b): "\(b.venue) \(b.symbol) bid \(b.bidQty)@\(b.bid) ask \(b.askQty)@\(b.ask)"
        case .orderIntent(let o):
            "\(o.strategyId) \(o.clientOrderId) \(o.symbol) \(o.side.rawValue) \(o.orderType.rawValue) "
                + (o.quantity.map { "qty=\($0)" } ?? o.quoteAmount.map { "quote=\($0)" } ?? "")
                + (o.limitPrice.map { " @\($0)" } ?? "")
        case .riskDecision(let d):
            "\(d.strategyId) \(d.clientOrderId) "
                + (d.approved ? "approved" : "denied " + d.failedRules.map(\.rule).joined(separator: ","))
        case .orderEvent(let e):
            "\(e.strategyId) \(e.clientOrderId) \(e.symbol) \(e.status.rawValue)" + (e.reason.map { " (\($0))" } ?? "")
        case .fill(let f):
            "\(f.strategyId) \(f.clientOrderId) \(f.symbol) \(f.side.rawValue) \(f.qty)@\(f.price) fee=\(f.fee) \(f.feeAsset)"
        default: ""
        }
    }
}
