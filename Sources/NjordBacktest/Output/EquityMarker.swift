public import NjordCore

/// The account folded from a run's fills and marked at each bar's close, in exact money: after the
/// bar's fills, cash + position × close (half-even to 10^-8). One fold serves the in-memory curve
/// and the streamed run, so both write the same equity; it also keeps the per-bar sums the metrics
/// need (exposure, mean equity) instead of the bars.
public struct EquityMarker: Sendable {
    public private(set) var cash: Fixed
    public private(set) var position: Fixed = .zero
    /// Bars marked, and those that ended holding a position.
    public private(set) var bars = 0
    public private(set) var barsInPosition = 0
    /// Σ equity as Double over the bars, in bar order (turnover's mean equity).
    public private(set) var equitySum = 0.0
    /// Each symbol's position and last close, in a run over several symbols (fills name them).
    private var holdings: [String: (position: Fixed, close: Fixed)] = [:]

    public init(startingCash: Fixed) { cash = startingCash }

    /// The account right after `fill`.
    public mutating func apply(_ fill: BacktestFill) {
        cash = fill.cashAfter
        if let symbol = fill.symbol {
            holdings[symbol, default: (.zero, .zero)].position = fill.positionAfter
        } else {
            position = fill.positionAfter
        }
    }

    /// The equity at the close of a bar of `symbol` in a run over several symbols: cash plus every
    /// symbol's position at its last close (each product half-even; the sum is exact, so the
    /// order of the symbols does not matter).
    public mutating func mark(close: Fixed, symbol: String) -> Fixed {
        holdings[symbol, default: (.zero, .zero)].close = close
        var equity = cash
        var holding = false
        for (_, held) in holdings where !held.position.isZero {
            equity += (try? held.position.multiplied(by: held.close, rounding: .toNearestOrEven)) ?? .max
            holding = true
        }
        bars += 1
        if holding { barsInPosition += 1 }
        equitySum += equity.doubleValue
        return equity
    }

    /// The equity at a bar's close, counted into the sums.
    public mutating func mark(close: Fixed) -> Fixed {
        let equity = cash + ((try? position.multiplied(by: close, rounding: .toNearestOrEven)) ?? .max)
        bars += 1
        if !position.isZero { barsInPosition += 1 }
        equitySum += equity.doubleValue
        return equity
    }

    /// equitySum / bars (bars at least 1).
    public var meanEquity: Double { equitySum / Double(max(bars, 1)) }
}
