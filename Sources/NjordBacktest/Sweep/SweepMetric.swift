/// A metric a sweep ranks by: one of the keys of `metrics.json`, and which way is better.
/// Lower is better for volatility, drawdown duration and turnover; higher for the rest (drawdowns
/// and average losses are negative fractions, so higher is a smaller loss).
public struct SweepMetric: Hashable, Sendable {
    public let name: String
    public let higherIsBetter: Bool

    /// Every metric key, in the documented order.
    public static let names = BacktestMetrics.orderedKeys
    static let lowerIsBetter: Set<String> = ["volatility", "max_drawdown_days", "turnover"]

    public init(_ name: String) throws(SweepError) {
        guard Self.names.contains(name) else { throw .unknownMetric(name) }
        self.name = name
        higherIsBetter = !Self.lowerIsBetter.contains(name)
    }

    /// The metric's value in a run's metrics (NaN when undefined).
    public func value(in metrics: BacktestMetrics) -> Double {
        metrics.keyedValues.first { $0.key == name }?.value ?? .nan
    }

    /// Indices of `values` best first; undefined values (nil, NaN, ±infinity) last; equal values
    /// keep their index order, so a ranking never depends on which worker finished first.
    public func ranking(_ values: [Double?]) -> [Int] {
        let higher = higherIsBetter
        return values.indices.sorted { a, b in
            let x = values[a].flatMap { $0.isFinite ? $0 : nil }
            let y = values[b].flatMap { $0.isFinite ? $0 : nil }
            switch (x, y) {
            case (let x?, let y?):
                if x != y { return higher ? x > y : x < y }
                return a < b
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
    }
}
