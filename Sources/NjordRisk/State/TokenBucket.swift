public import NjordCore

/// An order-rate token bucket on exact integer time: tokens are counted in billionths, so
/// `perSecond` tokens per second add exactly `perSecond` billionths per elapsed nanosecond and no
/// rounding ever lets an order through early.
public struct TokenBucket: Hashable, Sendable {
    public let limit: OrderRateLimit
    /// Tokens × 10^9.
    public private(set) var nanoTokens: Int64
    /// When ``nanoTokens`` was last brought up to date.
    public private(set) var updatedAt: Timestamp

    private static let oneToken: Int64 = 1_000_000_000

    /// A full bucket.
    public init(limit: OrderRateLimit, at time: Timestamp) {
        self.limit = limit
        nanoTokens = Int64(limit.burst) * Self.oneToken
        updatedAt = time
    }

    /// Adds the tokens that flowed in since the last update. Time that runs backwards adds nothing
    /// and does not move the bucket's own time back.
    public mutating func refill(at time: Timestamp) {
        let elapsed = time.nanosecondsSinceEpoch - updatedAt.nanosecondsSinceEpoch
        guard elapsed > 0 else { return }
        let capacity = Int64(limit.burst) * Self.oneToken
        let added = Int128(elapsed) * Int128(limit.perSecond)
        nanoTokens = Int64(min(Int128(capacity), Int128(nanoTokens) + added))
        updatedAt = time
    }

    /// Whether a whole token is there to take.
    public var hasToken: Bool { nanoTokens >= Self.oneToken }

    /// Takes one token; the caller checked ``hasToken``.
    public mutating func take() {
        precondition(hasToken, "no token to take")
        nanoTokens -= Self.oneToken
    }

    /// The tokens held, for decision details (exact: 10^-9 is finer than Fixed only in the last digit,
    /// which is truncated).
    public var tokens: Fixed { Fixed(raw: Int128(nanoTokens / 10)) }
}
