/// The one bus every service talks through: pub/sub topics, durable streams and small state keys.
///
/// Two implementations hold the same semantics where they overlap, proven by one shared contract
/// test suite: `RedisBus` (daemons, console, workers; over hiredis) and ``InProcessBus``
/// (backtests and single-process tools).
///
/// Semantics:
/// - **Topics** (market data, live views, logs) are at-most-once: a subscriber that is slow,
///   disconnected or not yet subscribed misses messages. Every event carries a sequence number in
///   its envelope so consumers detect and count gaps.
/// - **Streams** (order flow) are at-least-once: an appended entry is kept (up to the stream's
///   cap) until every consumer group has acknowledged it; an entry read but not acknowledged stays
///   pending and is reclaimed by another consumer of the group after it has been idle long enough
///   (``claimIdle(stream:group:consumer:minIdleMilliseconds:count:)``). Consumers are idempotent
///   by event id, so a redelivery is harmless.
/// - **Keys** hold small state (kill switch, latest books): last write wins.
///
/// Calls block the calling thread; a bus is safe to share between threads (the Redis one keeps a
/// connection per role and serializes calls on each).
public protocol MessageBus: AnyObject, Sendable {
    /// Publishes on a topic, fire-and-forget: no reply is awaited. Throws ``BusError/disconnected(_:)``
    /// when the message could not be sent (it is then lost and counted as dropped).
    func publish(_ payload: [UInt8], on topic: String) throws(BusError)

    /// Publishes several messages in one write, in order (a burst of market data).
    func publish(batch: [BusMessage]) throws(BusError)

    /// Subscribes to topics and glob patterns (`md.trade.*`); messages queue on the subscription.
    func subscribe(_ subscriptions: [Subscription]) throws(BusError) -> BusSubscription

    /// Subscribes with a handler called for each message on the bus's delivery thread (the
    /// subscriber thread for Redis, the publisher's thread in process): no queue and no thread
    /// hand-off, the lowest latency. The handler must be quick and must not block.
    func subscribe(
        _ subscriptions: [Subscription], handler: @escaping @Sendable (BusMessage) -> Void
    ) throws(BusError) -> BusSubscription

    /// Appends to a durable stream and returns the id the server assigned, once it has confirmed.
    @discardableResult
    func append(_ payload: [UInt8], to stream: String) throws(BusError) -> StreamEntryID

    /// Appends several entries in one round trip (pipelined), in order; returns their ids.
    @discardableResult
    func append(contentsOf payloads: [[UInt8]], to stream: String) throws(BusError) -> [StreamEntryID]

    /// Appends `payloads` to the stream, then publishes `live` on `topic` — a live view's copy of
    /// (some of) them — without waiting for the append's reply first where the bus can (Redis: one
    /// pipelined write). The stream holds every entry before its copy is published. When the
    /// append throws, the copies may or may not have gone out (pub/sub is at-most-once).
    @discardableResult
    func append(
        contentsOf payloads: [[UInt8]], to stream: String, thenPublishing live: [[UInt8]], on topic: String
    ) throws(BusError) -> [StreamEntryID]

    /// Creates a consumer group reading the stream from its start; a no-op when it exists.
    func createGroup(_ group: String, on stream: String) throws(BusError)

    /// Reads entries never delivered to the group, waiting up to `blockMilliseconds` (0: no wait).
    func readGroup(
        stream: String, group: String, consumer: String, count: Int, blockMilliseconds: Int
    ) throws(BusError) -> [StreamEntry]

    /// Acknowledges `acknowledging` and then reads new entries, in one round trip: a consumer's
    /// steady-state loop (acknowledge the batch it handled, fetch the next).
    func readGroup(
        stream: String, group: String, consumer: String, count: Int, blockMilliseconds: Int,
        acknowledging: [StreamEntryID]
    ) throws(BusError) -> [StreamEntry]

    /// Acknowledges entries: they leave the group's pending list for good.
    func acknowledge(_ ids: [StreamEntryID], stream: String, group: String) throws(BusError)

    /// Takes over entries pending in the group for at least `minIdleMilliseconds` (a dead
    /// consumer's), delivering them to `consumer`.
    func claimIdle(
        stream: String, group: String, consumer: String, minIdleMilliseconds: Int, count: Int
    ) throws(BusError) -> [StreamEntry]

    /// The number of entries delivered to the group and not yet acknowledged.
    func pendingCount(stream: String, group: String) throws(BusError) -> Int

    /// The number of entries in the stream.
    func length(of stream: String) throws(BusError) -> Int

    /// Reads a state key; nil when absent.
    func value(forKey key: String) throws(BusError) -> [UInt8]?

    /// Writes a state key.
    func setValue(_ value: [UInt8], forKey key: String) throws(BusError)

    /// Deletes a state key.
    func deleteValue(forKey key: String) throws(BusError)

    /// Connection state and counters, for heartbeats and `njord bus status`.
    var status: BusStatus { get }
}

/// What a subscription listens to.
public enum Subscription: Hashable, Sendable {
    /// One exact topic.
    case topic(String)
    /// A glob pattern in Redis's syntax: `*`, `?`, `[abc]`, `[^a]`, `\` escapes.
    case pattern(String)
}

/// A message received on a topic.
public struct BusMessage: Equatable, Sendable {
    public var topic: String
    public var payload: [UInt8]
    /// The pattern that matched, for pattern subscriptions.
    public var pattern: String?

    public init(topic: String, payload: [UInt8], pattern: String? = nil) {
        self.topic = topic
        self.payload = payload
        self.pattern = pattern
    }
}

/// A stream entry's id: milliseconds and a sequence within them, ordered as Redis orders them.
public struct StreamEntryID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var milliseconds: UInt64
    public var sequence: UInt64

    public init(milliseconds: UInt64, sequence: UInt64) {
        self.milliseconds = milliseconds
        self.sequence = sequence
    }

    /// Parses `1700000000000-3`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let ms = UInt64(parts[0]), let seq = UInt64(parts[1]) else { return nil }
        self.init(milliseconds: ms, sequence: seq)
    }

    public var description: String { "\(milliseconds)-\(sequence)" }

    public static func < (lhs: StreamEntryID, rhs: StreamEntryID) -> Bool {
        (lhs.milliseconds, lhs.sequence) < (rhs.milliseconds, rhs.sequence)
    }
}

/// An entry read from a stream.
public struct StreamEntry: Equatable, Sendable {
    public var id: StreamEntryID
    public var payload: [UInt8]

    public init(id: StreamEntryID, payload: [UInt8]) {
        self.id = id
        self.payload = payload
    }
}

/// Connection state and counters of a bus.
public struct BusStatus: Equatable, Sendable {
    public var connected: Bool
    public var reconnects: Int
    public var lastError: String?
    public var messagesIn: Int
    public var messagesOut: Int
    /// Messages a subscription dropped because its consumer fell behind its buffer.
    public var dropped: Int

    public init(
        connected: Bool = false, reconnects: Int = 0, lastError: String? = nil, messagesIn: Int = 0,
        messagesOut: Int = 0, dropped: Int = 0
    ) {
        self.connected = connected
        self.reconnects = reconnects
        self.lastError = lastError
        self.messagesIn = messagesIn
        self.messagesOut = messagesOut
        self.dropped = dropped
    }
}

/// Why a bus call failed.
public enum BusError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bus is not connected (it is reconnecting by itself); the call was not carried out.
    case disconnected(String)
    /// The server refused the call; its message is given.
    case rejected(String)
    /// The call timed out; it may or may not have been carried out.
    case timeout
    /// The bus or subscription was closed.
    case closed
    /// A name (topic, stream, group, key) is empty or malformed.
    case invalidName(String)
    /// The server refused the credentials; names the user, never the password.
    case unauthorized(String)

    public var description: String {
        switch self {
        case .disconnected(let reason): "bus disconnected: \(reason)"
        case .rejected(let message): "bus call rejected: \(message)"
        case .timeout: "bus call timed out"
        case .closed: "bus closed"
        case .invalidName(let name): "invalid bus name '\(name)'"
        case .unauthorized(let message): "bus authentication failed: \(message)"
        }
    }
}

extension MessageBus {
    /// Appends, then publishes each copy (failures to publish are dropped, as pub/sub is at-most-once).
    @discardableResult
    public func append(
        contentsOf payloads: [[UInt8]], to stream: String, thenPublishing live: [[UInt8]], on topic: String
    ) throws(BusError) -> [StreamEntryID] {
        let ids = try append(contentsOf: payloads, to: stream)
        for payload in live { try? publish(payload, on: topic) }
        return ids
    }

    /// One publish per message; buses that can write a burst at once override this.
    public func publish(batch: [BusMessage]) throws(BusError) {
        for m in batch { try publish(m.payload, on: m.topic) }
    }

    /// Acknowledge, then read: two round trips; buses that can pipeline override this.
    public func readGroup(
        stream: String, group: String, consumer: String, count: Int, blockMilliseconds: Int,
        acknowledging: [StreamEntryID]
    ) throws(BusError) -> [StreamEntry] {
        try acknowledge(acknowledging, stream: stream, group: group)
        return try readGroup(
            stream: stream, group: group, consumer: consumer, count: count, blockMilliseconds: blockMilliseconds)
    }
}

extension BusStatus {
    /// The bus status as every service reports it on its heartbeat (`service.heartbeat` counters).
    public var heartbeatCounters: [String: Int64] {
        [
            "bus_connected": connected ? 1 : 0, "bus_reconnects": Int64(reconnects),
            "bus_messages_in": Int64(messagesIn), "bus_messages_out": Int64(messagesOut),
            "bus_dropped": Int64(dropped),
        ]
    }
}
