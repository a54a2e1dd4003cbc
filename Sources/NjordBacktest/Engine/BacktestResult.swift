public import NjordCore

/// The outcome of one replay.
public struct BacktestResult: Sendable {
    public var bars: Int
    public var fills: [BacktestFill]
    /// Every order submitted, with its risk decision and final status (see ``BacktestOrder``).
    public var orders: [BacktestOrder] = []
    /// Filled buys and filled sells.
    public var entries: Int
    public var exits: Int
    /// Orders the fill model refused (nothing affordable, off the filters, nothing to sell).
    public var rejectedOrders: Int
    /// Orders submitted on the last bar: there is no next bar to fill them.
    public var unfilledAtEnd: Int
    public var startingCash: Fixed
    public var finalCash: Fixed
    public var finalPosition: Fixed
    public var lastClose: Fixed
    /// Cash plus the open position marked at the last close (half-even to 10^-8); not closed out.
    public var finalEquity: Fixed
    /// Wall time of the replay loop alone.
    public var runSeconds: Double
    /// Orders the risk engine denied (never sent), and the rules the first one failed.
    public var riskDenied = 0
    public var firstRiskDenial: String?
    /// Orders whose rest expired in the matching engine (book depth ran out, IOC, FOK).
    public var expiredOrders = 0
    /// Trades replayed (tick backtests; 0 for bars).
    public var ticks = 0

    public init(
        bars: Int, fills: [BacktestFill], entries: Int, exits: Int, rejectedOrders: Int, unfilledAtEnd: Int,
        startingCash: Fixed, finalCash: Fixed, finalPosition: Fixed, lastClose: Fixed, finalEquity: Fixed,
        runSeconds: Double
    ) {
        self.bars = bars
        self.fills = fills
        self.entries = entries
        self.exits = exits
        self.rejectedOrders = rejectedOrders
        self.unfilledAtEnd = unfilledAtEnd
        self.startingCash = startingCash
        self.finalCash = finalCash
        self.finalPosition = finalPosition
        self.lastClose = lastClose
        self.finalEquity = finalEquity
        self.runSeconds = runSeconds
    }

    public var barsPerSecond: Double { runSeconds > 0 ? Double(bars) / runSeconds : 0 }
    public var ticksPerSecond: Double { runSeconds > 0 ? Double(ticks) / runSeconds : 0 }
}
