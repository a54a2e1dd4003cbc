public import NjordCore

/// How a resting limit order fills when a trade prints exactly at its price.
public enum TouchFillRule: String, Hashable, Sendable, CaseIterable {
    /// Never: only trades strictly through the price fill it (pessimistic).
    case none
    /// Up to the traded quantity, as if the order were first in the queue (optimistic: queue
    /// position is ignored).
    case tradedQuantity = "traded_quantity"
}

/// A worsening of taker prices, per level filled.
public enum Slippage: Hashable, Sendable {
    case none
    /// A buy pays `price × (1 + bps/10⁴)` rounded up onto the tick; a sell gets
    /// `price × (1 − bps/10⁴)` rounded down onto the tick.
    case bps(Fixed)
    /// A buy pays n ticks more, a sell gets n ticks less.
    case ticks(Int)
}

/// The knobs of the fill simulation shared by the paper trader and the backtester.
public struct FillModelOptions: Hashable, Sendable {
    /// The rule for trades exactly at a resting order's price.
    public var touchFill: TouchFillRule
    /// Applied to taker fills only, never beyond a limit price.
    public var slippage: Slippage
    /// Time between a decision and its arrival at the (simulated) venue: an order matches the
    /// book as it stands `latencyNanoseconds` after `submit`'s time.
    public var latencyNanoseconds: Int64
    /// When set, fills caused by one trade take at most this fraction of its quantity (rounded
    /// down to the step), shared by the resting orders in time priority. For tick backtests.
    public var volumeCap: Fixed?

    public init(
        touchFill: TouchFillRule = .tradedQuantity, slippage: Slippage = .none, latencyNanoseconds: Int64 = 0,
        volumeCap: Fixed? = nil
    ) throws(ExecutionConfigError) {
        switch slippage {
        case .bps(let bps) where bps.isNegative: throw .negativeSlippage("\(bps) bps")
        case .ticks(let n) where n < 0: throw .negativeSlippage("\(n) ticks")
        default: break
        }
        guard latencyNanoseconds >= 0 else { throw .negativeLatency(latencyNanoseconds) }
        if let cap = volumeCap, !cap.isPositive || cap > .one { throw .volumeCapOutOfRange(cap) }
        self.touchFill = touchFill
        self.slippage = slippage
        self.latencyNanoseconds = latencyNanoseconds
        self.volumeCap = volumeCap
    }

    /// Touch fills up to the traded quantity, no slippage, no latency, no volume cap.
    public static let standard = FillModelOptions(
        validated: .tradedQuantity, slippage: .none, latencyNanoseconds: 0, volumeCap: nil)

    private init(validated touchFill: TouchFillRule, slippage: Slippage, latencyNanoseconds: Int64, volumeCap: Fixed?) {
        self.touchFill = touchFill
        self.slippage = slippage
        self.latencyNanoseconds = latencyNanoseconds
        self.volumeCap = volumeCap
    }
}
