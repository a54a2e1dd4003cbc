public import NjordCore

/// What the pipeline saw on one input stream (a venue topic such as `md.delta.BTCUSDT`).
public struct IngestStreamStatus: Sendable, Hashable {
    public var stream: String
    /// Messages received since the start.
    public var messages = 0
    /// Messages received in the last whole second of venue time.
    public var messagesPerSecond = 0
    /// Event time of the latest message; nil before the first.
    public var lastMessageTime: Timestamp?
    /// Breaks in the stream: book deltas that did not continue the book.
    public var gaps = 0
    /// Books rebuilt from a snapshot after a gap.
    public var resyncs = 0
    /// Messages dropped as already seen (repeated trade ids, stale update ids).
    public var duplicates = 0
    var inCurrentSecond = 0

    public init(stream: String) { self.stream = stream }

    /// Nanoseconds since the latest message at `now`; nil before the first.
    public func lastMessageAge(at now: Timestamp) -> Int64? {
        lastMessageTime.map { max(0, now.nanosecondsSinceEpoch - $0.nanosecondsSinceEpoch) }
    }

    mutating func record(at time: Timestamp) {
        messages += 1
        inCurrentSecond += 1
        if lastMessageTime.map({ time > $0 }) ?? true { lastMessageTime = time }
    }

    mutating func closeSecond() {
        messagesPerSecond = inCurrentSecond
        inCurrentSecond = 0
    }
}
