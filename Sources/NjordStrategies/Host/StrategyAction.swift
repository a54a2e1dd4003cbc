public import NjordCore

/// What the host asks the outside world to do, in the order it must happen.
public enum StrategyAction: Hashable, Sendable {
    /// Send this intent to the risk engine.
    case submit(OrderIntent)
    /// Cancel this working order.
    case cancel(StrategyCancel)

    /// The intent, when this is a submission.
    public var intent: OrderIntent? {
        if case .submit(let intent) = self { return intent }
        return nil
    }

    /// The cancel, when this is one.
    public var cancel: StrategyCancel? {
        if case .cancel(let cancel) = self { return cancel }
        return nil
    }
}
