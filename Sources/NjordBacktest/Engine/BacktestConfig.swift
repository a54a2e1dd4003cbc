public import NjordCore

/// When and at what price an order fills.
public enum FillModel: String, Hashable, Sendable, CaseIterable {
    /// At the next bar's open, whole (no volume cap): the peers' model.
    case nextOpen = "next_open"
}

/// The account and market rules of one backtest.
public struct BacktestConfig: Hashable, Sendable {
    /// Starting quote cash.
    public var cash: Fixed
    /// Fee per fill as a fraction of notional (0.001 = 0.1%), paid in quote.
    public var feeRate: Fixed
    /// Tick and step the fills are rounded to (quantities down to the step).
    public var filters: InstrumentFilters
    public var fillModel: FillModel

    public init(
        cash: Fixed, feeRate: Fixed, filters: InstrumentFilters = .unrestricted, fillModel: FillModel = .nextOpen
    ) {
        self.cash = cash
        self.feeRate = feeRate
        self.filters = filters
        self.fillModel = fillModel
    }
}
