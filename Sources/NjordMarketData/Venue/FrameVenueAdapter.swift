/// A venue adapter fed by raw frames (the Binance.US socket, a replayed capture): it hands the
/// daemon the raw frames it received, so they can be captured in the replayable format, and
/// counters for the heartbeat. The sim venue has no raw frames and is not one.
public protocol FrameVenueAdapter: VenueAdapter {
    /// The raw frames received since the last call, oldest first (each one line of JSON).
    func drainRawFrames() -> [RawFrame]
    /// Adapter counters for the heartbeat (`frames`, `malformed_frames`, `reconnects`, …).
    var counters: [String: Int64] { get }
    /// Bumped when the frames start over (a replay looping back to its start): the books and
    /// trade ids seen so far no longer apply, and the daemon restarts its pipeline's books.
    var session: Int { get }
    /// Whether no more frames will ever come (a replay played to its end without looping).
    var isExhausted: Bool { get }
}

/// One raw frame and when it was received, as a capture file line holds it.
public struct RawFrame: Sendable, Hashable {
    /// Local receive time, nanoseconds since the epoch.
    public var receiveNanoseconds: Int64
    /// The frame's JSON, one line.
    public var text: String

    public init(receiveNanoseconds: Int64, text: String) {
        self.receiveNanoseconds = receiveNanoseconds
        self.text = text
    }
}
