import NjordCore

/// The trade statistics of a run folded fill by fill: closed round trips (``RoundTrip``), their
/// wins and losses, and the traded notional. Sums run in fill order, so the streamed run and the
/// in-memory one give the same Doubles. Only the first `keeping` trips are kept (the report's list).
public struct TradeTally: Sendable {
    public let keeping: Int
    /// The first `keeping` closed trips, in order.
    public private(set) var trips: [RoundTrip] = []
    public private(set) var count = 0
    public private(set) var wins = 0
    public private(set) var losses = 0
    /// Σ profit of trips with profit > 0, and Σ of those < 0 (Double, in trip order).
    public private(set) var grossWin = 0.0
    public private(set) var grossLoss = 0.0
    /// Σ return fraction of winning trips and of losing ones.
    public private(set) var winReturnSum = 0.0
    public private(set) var lossReturnSum = 0.0
    /// Σ fill notional as Double, in fill order.
    public private(set) var traded = 0.0
    /// The trip open per symbol ("" in a one-symbol run).
    private var open: [String: RoundTrip] = [:]

    public init(keeping: Int = .max) { self.keeping = keeping }

    public init(fills: [BacktestFill], keeping: Int = .max) {
        self.init(keeping: keeping)
        for fill in fills { add(fill) }
    }

    public mutating func add(_ fill: BacktestFill) {
        traded += fill.notional.doubleValue
        let key = fill.symbol ?? ""
        switch fill.side {
        case .buy:
            var trip =
                open[key]
                ?? RoundTrip(entryTime: fill.time, exitTime: fill.time, quantity: .zero, cost: .zero, proceeds: .zero)
            trip.quantity += fill.quantity
            trip.cost += fill.notional + fill.fee
            open[key] = trip
        case .sell:
            guard var trip = open[key] else { return }
            trip.proceeds += fill.notional - fill.fee
            trip.exitTime = fill.time
            if fill.positionAfter.isZero {
                close(trip)
                open[key] = nil
            } else {
                open[key] = trip
            }
        }
    }

    private mutating func close(_ trip: RoundTrip) {
        count += 1
        if trips.count < keeping { trips.append(trip) }
        let profit = trip.profit.doubleValue
        if profit > 0 { grossWin += profit }
        if profit < 0 { grossLoss += profit }
        if trip.profit.isPositive {
            wins += 1
            winReturnSum += trip.returnFraction
        } else {
            losses += 1
            lossReturnSum += trip.returnFraction
        }
    }
}
