import NjordCore
import NjordMarketData

/// Speed of the simulated venue: how far ahead of real time it can run.
public enum MarketSimBenchmarks {
    /// One simulated hour of BTCUSDT and ETHUSDT: see ``run(seconds:)``.
    public static func run() throws -> [String: Double] { try run(seconds: 3_600) }

    /// Simulates `seconds` of the standard two-symbol market (seed 42), encoding every event.
    /// Returns `sim_events_per_s` (wall clock), `sim_speedup` (simulated seconds per wall second)
    /// and `sim_events_per_sim_s`.
    public static func run(seconds: Int) throws -> [String: Double] {
        let clock = SystemClock()
        var sim = try MarketSimulator(config: .standard(seed: 42))
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var events = 0
        let start = clock.monotonicNanoseconds()
        for second in 1...max(1, seconds) {
            buffer.removeAll(keepingCapacity: true)
            for event in sim.advance(to: sim.config.startTime.adding(nanoseconds: Int64(second) * 1_000_000_000)) {
                event.envelope.encode(into: &buffer)
                events += 1
            }
        }
        let wall = Double(clock.monotonicNanoseconds() - start) / 1e9
        return [
            "sim_events_per_s": Double(events) / wall,
            "sim_speedup": Double(seconds) / wall,
            "sim_events_per_sim_s": Double(events) / Double(seconds),
        ]
    }
}
