public import NjordCore

/// A local order book kept from a REST snapshot and a diff stream, following Binance's documented
/// procedure exactly:
/// 1. Diffs are buffered until a snapshot arrives.
/// 2. Diffs with `u <= lastUpdateId` are dropped (stale, or repeated after a reconnect).
/// 3. The first applied diff must bracket the snapshot: `U <= lastUpdateId + 1 <= u`.
/// 4. Each later diff must continue the previous one: `U == previous u + 1`.
/// Anything else is a gap: it is counted, the book is discarded, and diffs are buffered again
/// until a new snapshot (a resync). A level with quantity 0 is removed.
///
/// A value type with no I/O: the caller feeds snapshots and diffs and reads the outcome.
public struct LocalOrderBook: Sendable {
    /// Where the book is in the procedure.
    public enum Phase: Hashable, Sendable {
        /// No usable snapshot: diffs are buffered (at the start, and after a gap).
        case awaitingSnapshot
        /// A snapshot is loaded; the next diff must bracket its update id.
        case awaitingFirstDiff
        /// The book is current to ``LocalOrderBook/lastUpdateId``.
        case synced
    }

    public private(set) var phase = Phase.awaitingSnapshot
    /// The update id the book is current to (the snapshot's, then each applied diff's `u`); 0 before the first snapshot.
    public private(set) var lastUpdateId: Int64 = 0
    public private(set) var counters = BookCounters()
    /// Diffs held while awaiting a snapshot.
    public private(set) var buffered: [BookDelta] = []
    /// At most this many diffs are buffered; older ones are discarded first.
    public let maxBufferedDiffs: Int
    private var bids = BookLadder(isBid: true)
    private var asks = BookLadder(isBid: false)

    public init(maxBufferedDiffs: Int = 10_000) {
        self.maxBufferedDiffs = max(1, maxBufferedDiffs)
    }

    /// Whether a gap was seen and no snapshot has replaced the book since.
    public var needsResync: Bool { phase == .awaitingSnapshot && counters.gaps > 0 }

    // MARK: - Updates

    /// Rebuilds the book from a snapshot, then replays the buffered diffs over it. While synced, a
    /// snapshot not newer than the book is ignored (it would move the book back in time).
    @discardableResult
    public mutating func apply(_ snapshot: BookSnapshot) -> BookSnapshotOutcome {
        if phase != .awaitingSnapshot && snapshot.lastUpdateId <= lastUpdateId {
            counters.staleSnapshots += 1
            return .ignoredStale
        }
        bids.replace(with: snapshot.bids)
        asks.replace(with: snapshot.asks)
        lastUpdateId = snapshot.lastUpdateId
        if counters.snapshots > 0 { counters.resyncs += 1 }
        counters.snapshots += 1
        phase = .awaitingFirstDiff
        let pending = buffered
        buffered.removeAll()
        for diff in pending { apply(diff) }
        return .applied(replayedDiffs: pending.count)
    }

    /// Applies, drops, buffers or rejects one diff, as the procedure says.
    @discardableResult
    public mutating func apply(_ diff: BookDelta) -> BookUpdateOutcome {
        switch phase {
        case .awaitingSnapshot:
            if buffered.count == maxBufferedDiffs {
                buffered.removeFirst()
                counters.bufferOverflows += 1
            }
            buffered.append(diff)
            return .buffered
        case .awaitingFirstDiff:
            if diff.lastUpdateId <= lastUpdateId { return drop() }
            guard diff.firstUpdateId <= lastUpdateId + 1 else { return gap(diff) }
            applyLevels(diff)
            phase = .synced
            return .applied
        case .synced:
            if diff.lastUpdateId <= lastUpdateId { return drop() }
            guard diff.firstUpdateId == lastUpdateId + 1 else { return gap(diff) }
            applyLevels(diff)
            return .applied
        }
    }

    /// Forgets the book and waits for a new snapshot, as after a gap but without counting one: the
    /// frames start over (a looping replay), so the update ids seen so far no longer apply.
    public mutating func discardForResync() {
        bids.removeAll()
        asks.removeAll()
        buffered.removeAll()
        lastUpdateId = 0
        phase = .awaitingSnapshot
    }

    private mutating func drop() -> BookUpdateOutcome {
        counters.dropped += 1
        return .dropped(.stale)
    }

    private mutating func gap(_ diff: BookDelta) -> BookUpdateOutcome {
        counters.gaps += 1
        let expected = lastUpdateId + 1
        // The book can no longer be trusted; this diff may continue the next snapshot, so keep it.
        bids.removeAll()
        asks.removeAll()
        phase = .awaitingSnapshot
        buffered = [diff]
        return .gap(
            expectedFirstUpdateId: expected, receivedFirstUpdateId: diff.firstUpdateId,
            receivedLastUpdateId: diff.lastUpdateId)
    }

    private mutating func applyLevels(_ diff: BookDelta) {
        for level in diff.bids { bids.set(price: level.price, qty: level.qty) }
        for level in diff.asks { asks.set(price: level.price, qty: level.qty) }
        lastUpdateId = diff.lastUpdateId
        counters.applied += 1
        if isCrossed { counters.crossedAfterApply += 1 }
    }

    // MARK: - Reads

    public var bestBid: PriceLevel? { bids.best }
    public var bestAsk: PriceLevel? { asks.best }
    public var bidLevelCount: Int { bids.count }
    public var askLevelCount: Int { asks.count }

    /// Whether the best bid is at or above the best ask (never true of a correct book).
    public var isCrossed: Bool {
        guard let bid = bids.best, let ask = asks.best else { return false }
        return bid.price >= ask.price
    }

    /// Up to `n` levels per side, best first.
    public func topN(_ n: Int) -> (bids: [PriceLevel], asks: [PriceLevel]) {
        (bids.top(n), asks.top(n))
    }
}
