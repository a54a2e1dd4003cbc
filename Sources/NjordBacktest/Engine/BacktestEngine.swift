import NjordCore
public import NjordStrategies

/// Replays bars through a strategy and fills its orders by the configured fill model.
///
/// Per bar: first the orders submitted on the previous bar fill at this bar's open (next-open
/// model), then the strategy sees the bar with its updated position and cash. Orders submitted on
/// the last bar are counted as unfilled. The simulated time is the bar's open time; nothing in the
/// loop reads a wall clock, so two runs are identical.
public struct BacktestEngine: Sendable {
    public var config: BacktestConfig

    public init(config: BacktestConfig) { self.config = config }

    public func run<S: Strategy>(_ strategy: inout S, bars: BarSeries) -> BacktestResult {
        let clock = SystemClock()
        let started = clock.monotonicNanoseconds()
        let n = bars.count
        var cash = config.cash
        var position = Fixed.zero
        var fills: [BacktestFill] = []
        var rejected = 0
        var unfilledAtEnd = 0
        var pending: [StrategyOrder] = []
        pending.reserveCapacity(4)
        var context = StrategyContext(
            position: position, cash: cash, filters: config.filters,
            time: Timestamp(nanosecondsSinceEpoch: n > 0 ? bars.times[0] : 0))

        bars.times.withUnsafeBufferPointer { times in
            bars.open.withUnsafeBufferPointer { open in
                bars.high.withUnsafeBufferPointer { high in
                    bars.low.withUnsafeBufferPointer { low in
                        bars.close.withUnsafeBufferPointer { close in
                            bars.volume.withUnsafeBufferPointer { volume in
                                for i in 0..<n {
                                    let time = Timestamp(nanosecondsSinceEpoch: times[i])
                                    let barOpen = Fixed(raw: Int128(open[i]))
                                    if !pending.isEmpty {
                                        for order in pending {
                                            if let fill = fill(
                                                order, barIndex: i, time: time, price: barOpen, cash: &cash,
                                                position: &position)
                                            {
                                                fills.append(fill)
                                                context.position = position
                                                context.cash = cash
                                                context.time = time
                                                strategy.onFill(
                                                    StrategyFill(
                                                        time: time, side: fill.side, price: fill.price,
                                                        quantity: fill.quantity, fee: fill.fee),
                                                    context: &context)
                                            } else {
                                                rejected += 1
                                            }
                                        }
                                        pending.removeAll(keepingCapacity: true)
                                        // Orders submitted from onFill wait for the next bar's open too.
                                        if !context.orders.isEmpty { swap(&pending, &context.orders) }
                                    }
                                    context.position = position
                                    context.cash = cash
                                    context.time = time
                                    strategy.onBar(
                                        StrategyBar(
                                            time: time, open: barOpen, high: Fixed(raw: Int128(high[i])),
                                            low: Fixed(raw: Int128(low[i])), close: Fixed(raw: Int128(close[i])),
                                            volume: Fixed(raw: Int128(volume[i]))),
                                        context: &context)
                                    if !context.orders.isEmpty {
                                        if i + 1 < n {
                                            pending.append(contentsOf: context.orders)
                                        } else {
                                            unfilledAtEnd += context.orders.count + pending.count
                                            pending.removeAll()
                                        }
                                        context.orders.removeAll(keepingCapacity: true)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let runSeconds = Double(clock.monotonicNanoseconds() - started) / 1e9
        let lastClose = n > 0 ? Fixed(raw: Int128(bars.close[n - 1])) : .zero
        let marked = (try? position.multiplied(by: lastClose, rounding: .toNearestOrEven)) ?? .max
        let entries = fills.reduce(0) { $0 + ($1.side == .buy ? 1 : 0) }
        return BacktestResult(
            bars: n, fills: fills, entries: entries, exits: fills.count - entries, rejectedOrders: rejected,
            unfilledAtEnd: unfilledAtEnd, startingCash: config.cash, finalCash: cash, finalPosition: position,
            lastClose: lastClose, finalEquity: cash + marked, runSeconds: runSeconds)
    }

    /// Fills `order` whole at `price`, or returns nil when it cannot: cash is never overdrawn and
    /// a sell never exceeds the position (long-only spot account).
    func fill(
        _ order: StrategyOrder, barIndex: Int, time: Timestamp, price: Fixed, cash: inout Fixed,
        position: inout Fixed
    ) -> BacktestFill? {
        let filters = config.filters
        switch order.side {
        case .buy:
            let quantity: Fixed
            switch order.size {
            case .quoteAmount(let amount):
                quantity = FillSizer.buyQuantity(
                    budget: min(amount, cash), price: price, feeRate: config.feeRate, filters: filters)
            case .quantity(let q):
                quantity = filters.roundQuantityDown(q)
            }
            guard quantity.isPositive, filters.violations(price: price, quantity: quantity, isMarket: true).isEmpty,
                let cost = try? FillSizer.buyCost(quantity: quantity, price: price, feeRate: config.feeRate),
                cost.total <= cash
            else { return nil }
            cash -= cost.total
            position += quantity
            return BacktestFill(
                barIndex: barIndex, time: time, side: .buy, price: price, quantity: quantity, notional: cost.notional,
                fee: cost.fee, cashAfter: cash, positionAfter: position)
        case .sell:
            var quantity: Fixed
            switch order.size {
            case .quantity(let q): quantity = q
            case .quoteAmount(let amount):
                quantity = (try? amount.divided(by: price, rounding: .towardZero)) ?? .zero
            }
            quantity = filters.roundQuantityDown(min(quantity, position))
            guard quantity.isPositive,
                let proceeds = try? FillSizer.sellProceeds(quantity: quantity, price: price, feeRate: config.feeRate)
            else { return nil }
            cash += proceeds.net
            position -= quantity
            return BacktestFill(
                barIndex: barIndex, time: time, side: .sell, price: price, quantity: quantity,
                notional: proceeds.notional, fee: proceeds.fee, cashAfter: cash, positionAfter: position)
        }
    }
}
