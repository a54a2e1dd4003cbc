import NjordCore
import Testing

struct BadInputRateLimiterTests {
    @Test func reportsOncePerKindPerIntervalAndCountsWhatItHeldBack() {
        let clock = ManualClock()
        var limiter = BadInputRateLimiter(intervalNanoseconds: 1_000, clock: clock)
        // (advance before, kind, expected): nil = silent, n = report with n held back.
        let steps: [(Int64, BadInputKind, Int?)] = [
            (0, .malformedJSON, 0),
            (0, .unknownType, 0),  // kinds are limited separately
            (0, .malformedJSON, nil),
            (999, .malformedJSON, nil),
            (1, .malformedJSON, 2),  // the two held back are counted in the next report
            (0, .malformedJSON, nil),
            (0, .unknownType, 0),  // its own interval (from its first report) is over
            (0, .unknownType, nil),
            (5_000, .unknownType, 1),
            (0, .unsupportedVersion, 0),
        ]
        for (i, (advance, kind, expected)) in steps.enumerated() {
            clock.advance(nanoseconds: advance)
            let admitted = limiter.admit(kind)
            #expect(admitted == expected, "step \(i): \(kind)")
        }
    }
}
