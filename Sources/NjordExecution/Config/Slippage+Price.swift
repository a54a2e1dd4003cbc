public import NjordCore

extension Slippage {
    /// A taker's price at `price` after this slippage, never beyond `limit`, never below one tick:
    /// the one rule the paper matching engine and the backtester's next-open fills share.
    public func worsen(
        _ price: Fixed, side: Side, filters: InstrumentFilters, limit: Fixed? = nil
    ) throws(FixedPointError) -> Fixed {
        let tick = filters.tickSize.isPositive ? filters.tickSize : .ulp
        var worse: Fixed
        switch self {
        case .none:
            return price
        case .bps(let bps):
            // ⌈⌈price·bps⌉ / 10⁴⌉ = ⌈price·bps / 10⁴⌉: the slippage is rounded against the taker.
            let delta = try price.multiplied(by: bps, rounding: .up).divided(by: 10_000, rounding: .up)
            worse = side == .buy ? filters.roundPrice(price + delta, .up) : filters.roundPrice(price - delta, .down)
        case .ticks(let n):
            worse = side == .buy ? price + tick.times(n) : price - tick.times(n)
        }
        if let limit { worse = side == .buy ? min(worse, limit) : max(worse, limit) }
        return max(worse, tick)
    }
}
