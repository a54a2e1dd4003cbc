/// One volatility regime of the simulated market. The regime of each symbol is a Markov chain: it
/// lasts an exponential time with mean `meanDurationSeconds`, then jumps to one of the others.
public struct SimRegime: Sendable, Hashable {
    /// A short label for summaries ("calm", "normal", "volatile").
    public var name: String
    /// Standard deviation of the log mid-price per √second (0.0001 ≈ 1 bp per second).
    public var volatilityPerSqrtSecond: Double
    /// Mean rate of taker trade arrivals (a Poisson process) while the regime lasts.
    public var tradesPerSecond: Double
    /// Mean time the regime lasts before switching.
    public var meanDurationSeconds: Double

    public init(name: String, volatilityPerSqrtSecond: Double, tradesPerSecond: Double, meanDurationSeconds: Double) {
        self.name = name
        self.volatilityPerSqrtSecond = volatilityPerSqrtSecond
        self.tradesPerSecond = tradesPerSecond
        self.meanDurationSeconds = meanDurationSeconds
    }

    /// Calm, normal and volatile: 5, 15 and 40 trades/s; 1, 3 and 10 bp per √s (about 3%, 9% and
    /// 29% a day if they lasted, BTC's calm-to-stressed range).
    public static let defaults: [SimRegime] = [
        SimRegime(name: "calm", volatilityPerSqrtSecond: 0.0001, tradesPerSecond: 5, meanDurationSeconds: 60),
        SimRegime(name: "normal", volatilityPerSqrtSecond: 0.0003, tradesPerSecond: 15, meanDurationSeconds: 90),
        SimRegime(name: "volatile", volatilityPerSqrtSecond: 0.001, tradesPerSecond: 40, meanDurationSeconds: 20),
    ]
}
