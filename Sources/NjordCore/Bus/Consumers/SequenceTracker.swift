/// Follows each source's sequence numbers on each topic, to see what at-most-once delivery lost.
///
/// Per (source, topic): the first message sets the baseline (a consumer that joins late has not
/// lost anything); `last + 1` is in order; a jump ahead is a gap of the numbers skipped; `1` after
/// a higher number is the source restarting; anything else at or below the last number is a late
/// or repeated message.
public struct SequenceTracker: Sendable {
    private struct Key: Hashable, Sendable {
        var source: String
        var topic: String
    }

    /// What one message's sequence number says.
    public enum Observation: Equatable, Sendable {
        /// The first message of this source on this topic.
        case first
        /// The number after the last one.
        case inOrder
        /// This many numbers were skipped.
        case gap(missing: UInt64)
        /// The source started over at 1.
        case restart
        /// At or below the last number (not 1): late or repeated.
        case stale
    }

    private var last: [Key: UInt64] = [:]

    public init() {}

    /// The number of (source, topic) pairs followed.
    public var streams: Int { last.count }

    public mutating func observe(source: String, topic: String, sequence: UInt64) -> Observation {
        let key = Key(source: source, topic: topic)
        guard let previous = last[key] else {
            last[key] = sequence
            return .first
        }
        if sequence == previous &+ 1 {
            last[key] = sequence
            return .inOrder
        }
        if sequence > previous {
            last[key] = sequence
            return .gap(missing: sequence - previous - 1)
        }
        if sequence == 1, previous > 1 {
            last[key] = sequence
            return .restart
        }
        return .stale
    }
}
