public import NjordCore

/// The core of `njord-md-ingest`: a value-type state machine from venue events to the actions
/// that publish, store and journal normalized market data. No I/O: the daemon performs the
/// returned ``IngestAction``s, in order.
///
/// Per symbol it drops repeated trades (``TradeDeduper``) and stale or repeated book updates (by
/// update id, ``LocalOrderBook``), keeps the local book, asks for a snapshot after a gap, and
/// builds exact 1 s and 1 min bars from trades. Every output topic has its own sequence numbers,
/// 1, 2, 3… with no holes, so a consumer's gap count is exactly what the bus lost.
///
/// Time is venue time (event times, then ``advance(to:)``), never a wall clock, so the same
/// events give the same actions byte for byte. When venue time reaches a whole second: bars ending
/// there are published (event time = their end), then each synced book's top-N snapshot is
/// published and stored in ``Topics/latestBookKey(_:)`` (event time = that second), and the
/// per-stream rates roll over. All of that happens before any event at or after that second.
public struct IngestPipeline: Sendable {
    public let options: IngestOptions
    private var symbols: [String: SymbolState] = [:]
    private var sequences: [String: UInt64] = [:]
    private var streams: [String: IngestStreamStatus] = [:]
    /// The next whole second of venue time to act on; nil before the first event.
    private var nextSecond: Int64?
    /// Events of kinds the pipeline does not ingest (ignored).
    public private(set) var ignored = 0
    /// Events published since the start.
    public private(set) var published = 0

    private static let second: Int64 = 1_000_000_000
    /// After a longer silence only the latest second is acted on (there is nothing to say about the rest).
    private static let maxSecondsCaughtUp: Int64 = 60

    private struct SymbolState: Sendable {
        var book = LocalOrderBook()
        var trades = TradeDeduper()
        var lastTopUpdateId: Int64 = .min
        var bars = [BarAggregator(interval: .oneSecond), BarAggregator(interval: .oneMinute)]
        var venue = ""
    }

    public init(options: IngestOptions = IngestOptions()) { self.options = options }

    // MARK: - Input

    /// Takes one venue event; returns what to publish, store and journal.
    public mutating func ingest(_ event: VenueEvent) -> [IngestAction] {
        let envelope = event.envelope
        var actions = advance(to: envelope.eventTime)
        streams[event.topic, default: IngestStreamStatus(stream: event.topic)].record(at: envelope.eventTime)
        switch envelope.payload {
        case .trade(let trade):
            var state = symbols[trade.symbol] ?? SymbolState()
            state.venue = trade.venue
            guard state.trades.accept(trade.tradeId) == .new else {
                streams[event.topic]?.duplicates += 1
                symbols[trade.symbol] = state
                return actions
            }
            for i in state.bars.indices { state.bars[i].add(trade, at: envelope.eventTime) }
            symbols[trade.symbol] = state
            emit(Topics.trades(trade.symbol), trade.symbol, envelope, envelope.payload, into: &actions)
        case .bookSnapshot(let snapshot):
            var state = symbols[snapshot.symbol] ?? SymbolState()
            state.venue = snapshot.venue
            let afterGap = state.book.needsResync
            let outcome = state.book.apply(snapshot)
            symbols[snapshot.symbol] = state
            guard case .applied = outcome else {
                streams[event.topic]?.duplicates += 1
                return actions
            }
            if afterGap { streams[event.topic]?.resyncs += 1 }
            if state.book.phase == .awaitingSnapshot {
                // A buffered diff replayed over the snapshot did not continue it: a gap like any other.
                streams[
                    Topics.bookDeltas(snapshot.symbol),
                    default: IngestStreamStatus(stream: Topics.bookDeltas(snapshot.symbol))
                ]
                .gaps += 1
                actions.append(.requestSnapshot(symbol: snapshot.symbol))
                return actions
            }
            emitBook(snapshot.symbol, at: envelope.eventTime, receivedAt: envelope.receiveTime, into: &actions)
        case .bookDelta(let delta):
            var state = symbols[delta.symbol] ?? SymbolState()
            state.venue = delta.venue
            let outcome = state.book.apply(delta)
            symbols[delta.symbol] = state
            switch outcome {
            case .applied:
                emit(Topics.bookDeltas(delta.symbol), delta.symbol, envelope, envelope.payload, into: &actions)
            case .dropped:
                streams[event.topic]?.duplicates += 1
            case .buffered:
                break
            case .gap:
                streams[event.topic]?.gaps += 1
                actions.append(.requestSnapshot(symbol: delta.symbol))
            }
        case .topOfBook(let top):
            var state = symbols[top.symbol] ?? SymbolState()
            state.venue = top.venue
            guard top.updateId > state.lastTopUpdateId else {
                streams[event.topic]?.duplicates += 1
                symbols[top.symbol] = state
                return actions
            }
            state.lastTopUpdateId = top.updateId
            symbols[top.symbol] = state
            emit(Topics.topOfBook(top.symbol), top.symbol, envelope, envelope.payload, into: &actions)
        default:
            ignored += 1
        }
        return actions
    }

    /// The venue's frames start over (a looping replay): every book waits for a new snapshot and
    /// trade and top-of-book ids are forgotten, so the next pass is ingested, not dropped as repeats.
    /// Output sequence numbers go on from where they were.
    public mutating func restartSession() {
        for (symbol, var state) in symbols {
            state.book.discardForResync()
            state.trades = TradeDeduper(window: state.trades.window)
            state.lastTopUpdateId = .min
            symbols[symbol] = state
        }
    }

    /// Moves venue time to `time`: finishes bars, publishes the per-second book snapshots and rolls
    /// the rates of every whole second up to it. Earlier times than already reached do nothing.
    public mutating func advance(to time: Timestamp) -> [IngestAction] {
        let t = time.nanosecondsSinceEpoch
        guard var second = nextSecond else {
            nextSecond = floorSecond(t) + Self.second
            return []
        }
        var actions: [IngestAction] = []
        if t - second > Self.maxSecondsCaughtUp * Self.second { second = floorSecond(t) }
        while second <= t {
            actToSecond(second, into: &actions)
            second += Self.second
        }
        nextSecond = second
        return actions
    }

    // MARK: - Reads

    /// The status of every input stream seen, by topic.
    public var streamStatuses: [IngestStreamStatus] { streams.values.sorted { $0.stream < $1.stream } }

    /// The local book of a symbol, if any event of it was seen.
    public func book(of symbol: String) -> LocalOrderBook? { symbols[symbol]?.book }

    /// The last sequence number published on a topic (0: none yet).
    public func lastSequence(of topic: String) -> UInt64 { sequences[topic] ?? 0 }

    /// Counters for a heartbeat: per input stream `<topic>.msgs_per_s`, `.messages`, `.gaps`,
    /// `.resyncs`, `.duplicates`, `.age_ms` (since its latest message at `now`), and totals.
    public func heartbeatCounters(now: Timestamp) -> [String: Int64] {
        var counters: [String: Int64] = ["published": Int64(published), "ignored": Int64(ignored)]
        var gaps = 0, resyncs = 0, duplicates = 0
        for status in streams.values {
            counters["\(status.stream).msgs_per_s"] = Int64(status.messagesPerSecond)
            counters["\(status.stream).messages"] = Int64(status.messages)
            counters["\(status.stream).gaps"] = Int64(status.gaps)
            counters["\(status.stream).resyncs"] = Int64(status.resyncs)
            counters["\(status.stream).duplicates"] = Int64(status.duplicates)
            if let age = status.lastMessageAge(at: now) { counters["\(status.stream).age_ms"] = age / 1_000_000 }
            gaps += status.gaps
            resyncs += status.resyncs
            duplicates += status.duplicates
        }
        counters["gaps"] = Int64(gaps)
        counters["resyncs"] = Int64(resyncs)
        counters["duplicates"] = Int64(duplicates)
        return counters
    }

    // MARK: - Output

    private mutating func actToSecond(_ second: Int64, into actions: inout [IngestAction]) {
        let time = Timestamp(nanosecondsSinceEpoch: second)
        for symbol in symbols.keys.sorted() {
            guard var state = symbols[symbol] else { continue }
            var closed: [Bar] = []
            for i in state.bars.indices {
                if let bar = state.bars[i].close(at: time) { closed.append(bar) }
            }
            symbols[symbol] = state
            for bar in closed {
                emit(Topics.bars(bar.interval, symbol), symbol, at: time, receivedAt: time, .bar(bar), into: &actions)
            }
        }
        for symbol in symbols.keys.sorted() where symbols[symbol]?.book.phase != .awaitingSnapshot {
            emitBook(symbol, at: time, receivedAt: time, into: &actions)
        }
        for key in streams.keys { streams[key]?.closeSecond() }
    }

    private mutating func emitBook(
        _ symbol: String, at time: Timestamp, receivedAt receiveTime: Timestamp, into actions: inout [IngestAction]
    ) {
        guard let state = symbols[symbol] else { return }
        let top = state.book.topN(options.bookDepth)
        let snapshot = BookSnapshot(
            venue: state.venue, symbol: symbol, lastUpdateId: state.book.lastUpdateId, bids: top.bids, asks: top.asks)
        let envelope = emit(
            Topics.book(symbol), symbol, at: time, receivedAt: receiveTime, .bookSnapshot(snapshot), into: &actions)
        actions.append(.setKey(key: Topics.latestBookKey(symbol), value: envelope.encoded()))
    }

    private mutating func emit(
        _ topic: String, _ symbol: String, _ source: EventEnvelope, _ payload: EventPayload,
        into actions: inout [IngestAction]
    ) {
        emit(topic, symbol, at: source.eventTime, receivedAt: source.receiveTime, payload, into: &actions)
    }

    @discardableResult
    private mutating func emit(
        _ topic: String, _ symbol: String, at time: Timestamp, receivedAt receiveTime: Timestamp,
        _ payload: EventPayload, into actions: inout [IngestAction]
    ) -> EventEnvelope {
        let sequence = (sequences[topic] ?? 0) + 1
        sequences[topic] = sequence
        let envelope = EventEnvelope(
            id: "\(options.source)-\(options.runId)-\(topic)-\(sequence)", source: options.source, sequence: sequence,
            eventTime: time, receiveTime: receiveTime, payload: payload)
        published += 1
        actions.append(.publish(topic: topic, envelope: envelope))
        actions.append(.journal(stream: IngestOptions.journalStream(symbol), record: envelope.encoded()))
        return envelope
    }

    private func floorSecond(_ t: Int64) -> Int64 {
        t >= 0 ? t - t % Self.second : t - ((t % Self.second) + Self.second) % Self.second
    }
}
