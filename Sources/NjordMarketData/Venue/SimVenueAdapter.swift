public import NjordCore

/// The simulated venue as a ``VenueAdapter``: paces a seeded ``MarketSimulator`` against an injected
/// ``Clock`` — simulated time runs `speed` times as fast as the clock's monotonic time from
/// ``start()`` (1: real time; 20: twenty simulated seconds per second). With a ``ManualClock`` the
/// caller decides exactly when simulated time moves, so tests are deterministic.
public final class SimVenueAdapter: VenueAdapter {
    public let venue: String
    public let symbols: [String]
    /// Simulated seconds per clock second.
    public let speed: Double
    private let clock: any Clock
    private let simStart: Timestamp
    private var simulator: MarketSimulator
    private var origin: UInt64?
    private var stopped = false
    private var requested: [String] = []
    private var statuses: [String: VenueStreamStatus] = [:]

    /// - Parameter speed: simulated seconds per clock second, greater than 0.
    public init(config: MarketSimConfig, clock: any Clock, speed: Double = 1) throws(VenueAdapterError) {
        guard speed > 0, speed.isFinite else {
            throw .invalidConfiguration("speed must be a positive number, got \(speed)")
        }
        do {
            simulator = try MarketSimulator(config: config)
        } catch {
            throw .invalidConfiguration(error.description)
        }
        venue = config.venue
        symbols = simulator.symbols
        self.speed = speed
        self.clock = clock
        simStart = config.startTime
    }

    public var now: Timestamp {
        guard let origin, !stopped else { return simulator.now }
        let elapsed = clock.monotonicNanoseconds() &- origin
        // Double only scales elapsed time; it never touches prices or quantities.
        return simStart.adding(nanoseconds: Int64((Double(elapsed) * speed).rounded(.down)))
    }

    public func start() throws(VenueAdapterError) {
        guard origin == nil else { return }
        origin = clock.monotonicNanoseconds()
    }

    public func stop() { stopped = true }

    public func poll() -> [VenueEvent] {
        guard origin != nil, !stopped else { return [] }
        var events = simulator.advance(to: now).map { VenueEvent(topic: $0.topic, envelope: $0.envelope) }
        for symbol in requested {
            if let snapshot = simulator.snapshot(of: symbol) {
                events.append(VenueEvent(topic: snapshot.topic, envelope: snapshot.envelope))
            }
        }
        requested.removeAll()
        for event in events {
            statuses[event.topic, default: VenueStreamStatus(stream: event.topic, state: .live)].messages += 1
            statuses[event.topic]?.lastEventTime = event.envelope.eventTime
        }
        return events
    }

    public func requestSnapshot(of symbol: String) {
        if !requested.contains(symbol) { requested.append(symbol) }
    }

    public var streamStatuses: [VenueStreamStatus] {
        let state: VenueStreamStatus.State = stopped || origin == nil ? .stopped : .live
        return statuses.values.sorted { $0.stream < $1.stream }.map {
            var status = $0
            status.state = state
            return status
        }
    }
}
