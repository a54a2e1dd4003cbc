import NjordCore
import Testing

@testable import NjordRisk

@Suite struct TokenBucketTests {
    @Test func aTokenArrivesExactlyAfterOneOverTheRate() {
        var bucket = TokenBucket(limit: OrderRateLimit(perSecond: 3, burst: 1), at: day0)
        bucket.take()
        // One third of a second is 333333333.33… ns: 333333333 ns is a billionth short of a token.
        bucket.refill(at: day0.adding(nanoseconds: 333_333_333))
        #expect(!bucket.hasToken)
        #expect(bucket.nanoTokens == 999_999_999)
        bucket.refill(at: day0.adding(nanoseconds: 333_333_334))
        #expect(bucket.hasToken)
    }

    @Test func aBucketHoldsNoMoreThanItsBurst() {
        var bucket = TokenBucket(limit: OrderRateLimit(perSecond: 10, burst: 2), at: day0)
        bucket.refill(at: day0.adding(nanoseconds: 3_600 * second))
        #expect(bucket.tokens == f("2"))
    }

    @Test func timeRunningBackwardsAddsNothing() {
        var bucket = TokenBucket(limit: OrderRateLimit(perSecond: 1, burst: 1), at: day0.adding(nanoseconds: second))
        bucket.take()
        bucket.refill(at: day0)
        #expect(!bucket.hasToken)
        #expect(bucket.updatedAt == day0.adding(nanoseconds: second))
        bucket.refill(at: day0.adding(nanoseconds: 2 * second))
        #expect(bucket.hasToken)
    }
}
