/// A token bucket's shape: `perSecond` tokens flow in each second, up to `burst` held at once.
public struct OrderRateLimit: Hashable, Sendable, CustomStringConvertible {
    public var perSecond: Int
    public var burst: Int

    public init(perSecond: Int, burst: Int) {
        precondition(perSecond > 0 && burst > 0, "an order rate needs a positive rate and burst")
        self.perSecond = perSecond
        self.burst = burst
    }

    public var description: String { "\(perSecond)/s burst \(burst)" }
}
