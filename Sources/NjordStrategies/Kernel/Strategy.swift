import NjordCore

/// A trading strategy: a value-type state machine that reacts to market events by submitting
/// orders through the context it is handed. It reads nothing else — no clock, no I/O — so the
/// backtester, paper trading and live daemons all run the very same code.
///
/// The context carries the strategy's position, its cash, the instrument's filters, the simulated
/// (or real) time and the run's parameters; orders submitted during a call are collected by the
/// caller after it returns. Implementations should do O(1) work per event.
public protocol Strategy: Sendable {
    /// Called once per closed bar, in time order.
    mutating func onBar(_ bar: StrategyBar, context: inout StrategyContext)

    /// Called when one of this strategy's orders fills (after the context's position and cash
    /// are updated). The default ignores fills: most strategies read their position instead.
    mutating func onFill(_ fill: StrategyFill, context: inout StrategyContext)
}

extension Strategy {
    @inlinable
    public mutating func onFill(_ fill: StrategyFill, context: inout StrategyContext) {}
}
