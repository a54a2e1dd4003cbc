public import NjordCore

/// A trading strategy: a value-type state machine that reacts to market events, fills and timers
/// by submitting orders and cancels through the context it is handed. It reads nothing else — no
/// clock, no I/O — so the backtester, paper trading and live daemons all run the very same code.
///
/// The context carries the strategy's position, its cash, its open orders, the instrument's
/// filters, the simulated (or real) time; orders and cancels queued during a call are collected by
/// the caller after it returns. Implementations should do little work per event (O(1) or
/// O(window)).
public protocol Strategy: Sendable {
    /// Called once per closed bar, in time order.
    mutating func onBar(_ bar: StrategyBar, context: inout StrategyContext)

    /// Called when one of this strategy's orders fills (after the context's position, cash and
    /// open orders are updated). The default ignores fills: most strategies read their position.
    mutating func onFill(_ fill: StrategyFill, context: inout StrategyContext)

    /// Called when the runner's timer fires (`context.time` is `time`). The default does nothing.
    mutating func onTimer(time: Timestamp, context: inout StrategyContext)
}

extension Strategy {
    @inlinable
    public mutating func onFill(_ fill: StrategyFill, context: inout StrategyContext) {}

    @inlinable
    public mutating func onTimer(time: Timestamp, context: inout StrategyContext) {}
}
