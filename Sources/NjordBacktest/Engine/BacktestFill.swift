public import NjordCore

/// One simulated execution. Buys debit `notional + fee`, sells credit `notional − fee`.
public struct BacktestFill: Hashable, Sendable {
    /// Index of the bar whose open it filled at.
    public var barIndex: Int
    public var time: Timestamp
    public var side: Side
    public var price: Fixed
    public var quantity: Fixed
    /// price × quantity, rounded half-even to 10^-8.
    public var notional: Fixed
    /// notional × fee rate, rounded half-even to 10^-8.
    public var fee: Fixed
    /// Cash and position right after the fill.
    public var cashAfter: Fixed
    public var positionAfter: Fixed
    /// The symbol, in a run over several symbols (then `positionAfter` is that symbol's position and
    /// `cashAfter` the shared cash); nil in a one-symbol run.
    public var symbol: String?

    public init(
        barIndex: Int, time: Timestamp, side: Side, price: Fixed, quantity: Fixed, notional: Fixed, fee: Fixed,
        cashAfter: Fixed, positionAfter: Fixed
    ) {
        self.barIndex = barIndex
        self.time = time
        self.side = side
        self.price = price
        self.quantity = quantity
        self.notional = notional
        self.fee = fee
        self.cashAfter = cashAfter
        self.positionAfter = positionAfter
    }
}
