public import NjordCore

/// What the ingest pipeline asks its daemon to do; the pipeline itself does no I/O.
public enum IngestAction: Sendable, Hashable {
    /// Publish the event on the topic.
    case publish(topic: String, envelope: EventEnvelope)
    /// Write the state key (the latest top-N book of a symbol).
    case setKey(key: String, value: [UInt8])
    /// Append the record (one normalized event, canonical JSON) to the journal stream.
    case journal(stream: String, record: [UInt8])
    /// Ask the venue for a fresh book snapshot of the symbol (its deltas had a gap).
    case requestSnapshot(symbol: String)
}
