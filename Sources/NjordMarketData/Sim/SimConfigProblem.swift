/// What is wrong with a ``MarketSimConfig``.
public enum SimConfigProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The config lists no symbols.
    case noSymbols
    /// The same symbol is listed twice.
    case duplicateSymbol(String)
    /// A size that must be positive (tick, step, a median quantity) is zero or negative.
    case notPositive(symbol: String, field: String)
    /// Levels per side must be 1…5000.
    case levelsOutOfRange(symbol: String, levels: Int)
    /// The start price leaves no room for a full bid side above zero.
    case startPriceTooLow(symbol: String)
    /// No regimes are configured.
    case noRegimes
    /// A regime has a negative volatility, a non-positive rate or duration, or a non-finite number.
    case badRegime(String)
    /// Book updates per second must be 1…1000.
    case bookRateOutOfRange(Int)
    /// The snapshot interval must be at least one second.
    case snapshotIntervalOutOfRange(Int)

    public var description: String {
        switch self {
        case .noSymbols: "sim: no symbols configured"
        case .duplicateSymbol(let s): "sim: symbol \(s) listed twice"
        case .notPositive(let s, let f): "sim: \(s).\(f) must be positive"
        case .levelsOutOfRange(let s, let n): "sim: \(s).levels is \(n), must be 1...5000"
        case .startPriceTooLow(let s): "sim: \(s).start_price must exceed tick_size × (levels + 1)"
        case .noRegimes: "sim: no regimes configured"
        case .badRegime(let name): "sim: regime \(name) needs volatility >= 0 and rate, duration > 0"
        case .bookRateOutOfRange(let n): "sim: book_updates_per_second is \(n), must be 1...1000"
        case .snapshotIntervalOutOfRange(let n): "sim: snapshot_interval_s is \(n), must be >= 1"
        }
    }
}
