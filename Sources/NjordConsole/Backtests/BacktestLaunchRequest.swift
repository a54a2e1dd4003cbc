/// A single backtest, or a sweep over a parameter grid.
public enum BacktestLaunchMode: String, CaseIterable, Hashable, Sendable {
    case backtest, sweep
}

/// What the launch form asks for: the jobs of one backtest or one sweep, run by `njord-worker`s.
public struct BacktestLaunchRequest: Hashable, Sendable {
    /// Where the bars come from.
    public enum Source: Hashable, Sendable {
        /// A bars CSV file.
        case barsFile(String)
        /// A venue's symbol in the market-data store (its 1-minute bars).
        case store(venue: String, symbol: String)
    }

    public var mode: BacktestLaunchMode
    public var strategy: String
    public var source: Source
    /// A backtest's `name=value,…`, or a sweep's grid `name=start:stop:step` or `name=value`, comma
    /// separated (as `njord sweep --grid`); empty for the strategy's defaults.
    public var params: String
    /// Fee per fill as a decimal fraction of notional.
    public var fee: String

    public init(mode: BacktestLaunchMode, strategy: String, source: Source, params: String, fee: String) {
        self.mode = mode
        self.strategy = strategy
        self.source = source
        self.params = params
        self.fee = fee
    }

    /// A short line naming the request: mode, strategy, the data's last path part, parameters.
    public var summary: String {
        let data: String
        switch source {
        case .barsFile(let path): data = String(path.split(separator: "/").last ?? Substring(path))
        case .store(let venue, let symbol): data = "\(venue):\(symbol)"
        }
        return [mode.rawValue, strategy, data, params].filter { !$0.isEmpty }.joined(separator: " ")
    }
}
