public import NjordCore

/// Turns raw Binance spot frames into ``VenueEvent``s: the one path from a frame (live socket,
/// REST snapshot or replayed capture line) to the events the ingest pipeline takes.
///
/// Event time is Binance's `E` where the frame has one (trades, depth diffs); `bookTicker` and the
/// REST depth snapshot carry none, so they take the local receive time. Each topic gets its own
/// sequence numbers 1, 2, 3… in the order frames were decoded.
public struct BinanceFrameDecoder: Sendable {
    public let venue: String
    private var sequences: [String: UInt64] = [:]

    public init(venue: String) { self.venue = venue }

    /// Decodes one frame received at `receiveTime`; `snapshotSymbol` names the symbol of a REST
    /// depth snapshot (which names none).
    public mutating func decode(
        _ frame: UnsafeBufferPointer<UInt8>, receivedAt receiveTime: Timestamp, snapshotSymbol: String
    ) throws(BinanceParseError) -> VenueEvent {
        let message = try BinanceSpotParser(venue: venue, snapshotSymbol: snapshotSymbol).parse(frame)
        switch message {
        case .trade(let trade, let eventTimeMs, _):
            return event(
                Topics.trades(trade.symbol), .trade(trade), Timestamp(millisecondsSinceEpoch: eventTimeMs), receiveTime)
        case .depthUpdate(let delta, let eventTimeMs):
            return event(
                Topics.bookDeltas(delta.symbol), .bookDelta(delta), Timestamp(millisecondsSinceEpoch: eventTimeMs),
                receiveTime)
        case .bookTicker(let top):
            return event(Topics.topOfBook(top.symbol), .topOfBook(top), receiveTime, receiveTime)
        case .depthSnapshot(let snapshot):
            return event(Topics.book(snapshot.symbol), .bookSnapshot(snapshot), receiveTime, receiveTime)
        }
    }

    /// Decodes one frame given as text.
    public mutating func decode(
        _ frame: String, receivedAt receiveTime: Timestamp, snapshotSymbol: String
    ) throws(BinanceParseError) -> VenueEvent {
        var frame = frame
        let result = frame.withUTF8 { bytes in
            Result { () throws(BinanceParseError) -> VenueEvent in
                try decode(bytes, receivedAt: receiveTime, snapshotSymbol: snapshotSymbol)
            }
        }
        return try result.get()
    }

    private mutating func event(
        _ topic: String, _ payload: EventPayload, _ eventTime: Timestamp, _ receiveTime: Timestamp
    ) -> VenueEvent {
        let sequence = (sequences[topic] ?? 0) + 1
        sequences[topic] = sequence
        return VenueEvent(
            topic: topic,
            envelope: EventEnvelope(
                id: "\(venue):\(topic):\(sequence)", source: venue, sequence: sequence, eventTime: eventTime,
                receiveTime: receiveTime, payload: payload))
    }
}
