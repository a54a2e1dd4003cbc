public import NjordCore

/// A source of normalized market events for the ingest daemon: the simulated venue now
/// (``SimVenueAdapter``), replay of recorded captures, the Binance.US WebSocket later.
///
/// An adapter delivers `md.trade`, `md.book`, `md.delta` and `md.tob` events as ``VenueEvent``s —
/// an ``EventEnvelope`` with the topic it belongs on — in the order the venue produced them, with
/// the venue's own sequence numbers (the ingest pipeline re-sequences what it publishes). Event
/// time is the venue's; receive time is when the adapter got the event (for the sim, the
/// simulated time, so runs are reproducible).
///
/// Pull-based, used from one thread: the daemon calls ``poll()`` in its loop, gives the pipeline
/// what it returns, then advances the pipeline to ``now``. A push source (a socket thread) queues
/// its events and hands them over in `poll()`.
public protocol VenueAdapter: AnyObject {
    /// The venue's name, as in events (`sim`, `binanceus`).
    var venue: String { get }
    /// The symbols this adapter delivers, uppercase (`BTCUSDT`).
    var symbols: [String] { get }
    /// The venue's current time: simulated time for the sim, the wall clock for a live venue. No
    /// later ``poll()`` returns an event older than a `now` already read.
    var now: Timestamp { get }
    /// Connects (or starts the simulation); events flow from the next ``poll()``.
    func start() throws(VenueAdapterError)
    /// Stops delivering events; idempotent. Later polls return nothing.
    func stop()
    /// The events that arrived (or became due) since the last call, oldest first; never blocks.
    func poll() -> [VenueEvent]
    /// Asks for a fresh `md.book` of a symbol, after a gap in its deltas; it arrives in a later poll.
    func requestSnapshot(of symbol: String)
    /// One status per stream (per symbol and kind), for heartbeats and operators.
    var streamStatuses: [VenueStreamStatus] { get }
}

/// One event from a venue and the bus topic it belongs on (``Topics``).
public struct VenueEvent: Sendable, Hashable {
    public var topic: String
    public var envelope: EventEnvelope

    public init(topic: String, envelope: EventEnvelope) {
        self.topic = topic
        self.envelope = envelope
    }
}

/// What one of an adapter's streams is doing.
public struct VenueStreamStatus: Sendable, Hashable {
    /// Where a stream is in its life.
    public enum State: String, Sendable, Hashable {
        /// Not started, or stopped.
        case stopped
        /// Starting or reconnecting: no events yet.
        case connecting
        /// Events are flowing.
        case live
    }

    /// The stream's topic (`md.trade.BTCUSDT`).
    public var stream: String
    public var state: State
    /// Events delivered since the start.
    public var messages: Int
    /// Event time of the latest event; nil before the first.
    public var lastEventTime: Timestamp?

    public init(stream: String, state: State, messages: Int = 0, lastEventTime: Timestamp? = nil) {
        self.stream = stream
        self.state = state
        self.messages = messages
        self.lastEventTime = lastEventTime
    }
}

/// Why an adapter could not start.
public enum VenueAdapterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The adapter's configuration is unusable; the reason names the setting.
    case invalidConfiguration(String)
    /// The venue could not be reached; the reason says why.
    case unreachable(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let reason): "venue configuration: \(reason)"
        case .unreachable(let reason): "venue unreachable: \(reason)"
        }
    }
}
