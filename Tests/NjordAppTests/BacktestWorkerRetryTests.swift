import Testing

@testable import NjordApp
@testable import NjordSweep

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct BacktestWorkerRetryTests {
    @Test func retryPauseGrowsBy200MillisecondsUpToTwoSecondsAndIsAlwaysAValidTimespec() {
        for failures in 0...25 {
            let pause = BacktestWorker.retryPause(afterFailures: failures)
            // nanosleep refuses tv_nsec ≥ 1 s (EINVAL, no wait): the old pause spun from the 5th failure.
            #expect(pause.tv_nsec >= 0 && pause.tv_nsec < 1_000_000_000, "\(failures): \(pause)")
            let total = Int(pause.tv_sec) * 1_000_000_000 + Int(pause.tv_nsec)
            #expect(total == max(1, min(failures, 10)) * 200_000_000, "\(failures)")
        }
    }
}
