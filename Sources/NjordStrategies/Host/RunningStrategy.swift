public import NjordCore

/// One strategy the host runs: its spec, the instance and its context (position, cash, open
/// orders, filters, time).
public struct RunningStrategy: Sendable {
    public let spec: StrategySpec
    public internal(set) var strategy: any Strategy
    public internal(set) var context: StrategyContext

    init(spec: StrategySpec, strategy: any Strategy, context: StrategyContext) {
        self.spec = spec
        self.strategy = strategy
        self.context = context
    }

    public var id: String { spec.id }
    public var position: Fixed { context.position }
    public var openOrders: [StrategyOpenOrder] { context.openOrders }

    // Calls through self so the instance and its context are two disjoint inout accesses.
    mutating func onBar(_ bar: StrategyBar) {
        context.time = bar.time
        strategy.onBar(bar, context: &context)
    }

    mutating func onFill(_ fill: StrategyFill) {
        context.time = fill.time
        strategy.onFill(fill, context: &context)
    }

    mutating func onTimer(_ time: Timestamp) {
        context.time = time
        strategy.onTimer(time: time, context: &context)
    }
}
