/// The report's equity and drawdown lines: the bars split into at most `points` buckets of
/// consecutive bars — the equity at each bucket's end and the deepest drawdown (from the running
/// peak) inside it, so that no trough is sampled away. Fed one equity at a time, it holds the
/// points, not the bars: a streamed run feeds it from `equity.csv` once it knows the bar count.
public struct EquityChart: Sendable {
    /// Points per chart: enough for a smooth line, few enough to keep the page small.
    public static let points = 800

    public private(set) var equity: [Double] = []
    public private(set) var drawdown: [Double] = []
    private let bucketSize: Int
    private var index = 0
    private var peak = -Double.infinity

    /// A chart of `count` bars.
    public init(count: Int, points: Int = EquityChart.points) {
        bucketSize = count > 0 ? (count + points - 1) / points : 1
    }

    public init(curve: EquityCurve) {
        self.init(count: curve.count)
        for value in curve.equity { add(value.doubleValue) }
    }

    /// The next bar's equity.
    public mutating func add(_ value: Double) {
        peak = max(peak, value)
        let fall = peak > 0 ? value / peak - 1 : 0
        let bucket = index / bucketSize
        if bucket == equity.count {
            equity.append(value)
            drawdown.append(fall)
        } else {
            equity[bucket] = value
            drawdown[bucket] = min(drawdown[bucket], fall)
        }
        index += 1
    }
}
