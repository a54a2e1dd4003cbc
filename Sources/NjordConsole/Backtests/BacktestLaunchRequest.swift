/// What the launch form asks for: one `njord backtest` run.
public struct BacktestLaunchRequest: Hashable, Sendable {
    /// Where the bars come from.
    public enum Source: Hashable, Sendable {
        /// A bars CSV file.
        case barsFile(String)
        /// A symbol of the market-data store (its 1-minute bars).
        case storeSymbol(String)
    }

    public var strategy: String
    public var source: Source
    /// `name=value,…`; empty for the strategy's defaults.
    public var params: String
    /// Fee per fill as a decimal fraction of notional.
    public var fee: String
    public var runId: String

    public init(strategy: String, source: Source, params: String, fee: String, runId: String) {
        self.strategy = strategy
        self.source = source
        self.params = params
        self.fee = fee
        self.runId = runId
    }

    /// The arguments after the `njord` executable: the run writes its folder `runId` under `runsDir`
    /// and prints one JSON object to the log.
    public func arguments(runsDir: String) -> [String] {
        var out = ["backtest", "--strategy", strategy]
        switch source {
        case .barsFile(let path): out += ["--bars", path]
        case .storeSymbol(let symbol): out += ["--symbol", symbol]
        }
        if !params.isEmpty { out += ["--params", params] }
        out += ["--fee", fee, "--runs-dir", runsDir, "--run-id", runId, "--json"]
        return out
    }
}
