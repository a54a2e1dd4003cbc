import NjordCore
import NjordMarketData
import Testing

/// The simulated venue paced by a clock.
@Suite struct SimVenueAdapterTests {
    @Test func simulatedTimeRunsSpeedTimesTheClockFromStart() throws {
        let clock = ManualClock()
        let config = MarketSimConfig.standard(seed: 3)
        let adapter = try SimVenueAdapter(config: config, clock: clock, speed: 20)
        clock.advance(nanoseconds: 5_000_000)
        #expect(adapter.poll().isEmpty, "nothing flows before start")
        try adapter.start()
        clock.advance(nanoseconds: 100_000_000)
        let events = adapter.poll()
        #expect(adapter.now == config.startTime.adding(nanoseconds: 2_000_000_000))
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { $0.envelope.eventTime <= adapter.now })
        adapter.stop()
        clock.advance(nanoseconds: 100_000_000)
        #expect(adapter.poll().isEmpty, "nothing flows after stop")
    }

    @Test func aRequestedSnapshotArrivesInTheNextPoll() throws {
        let clock = ManualClock()
        let adapter = try SimVenueAdapter(config: .standard(seed: 3), clock: clock)
        try adapter.start()
        _ = adapter.poll()
        adapter.requestSnapshot(of: "ETHUSDT")
        let events = adapter.poll()
        #expect(events.map(\.topic) == [Topics.book("ETHUSDT")])
    }

    @Test func aNonPositiveSpeedIsRefused() {
        #expect(throws: VenueAdapterError.self) {
            try SimVenueAdapter(config: .standard(seed: 3), clock: ManualClock(), speed: 0)
        }
    }
}
