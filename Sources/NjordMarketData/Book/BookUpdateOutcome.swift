/// What a local order book did with one depth diff.
public enum BookUpdateOutcome: Hashable, Sendable {
    /// The diff was applied to the book.
    case applied
    /// The diff was dropped without effect, for this reason.
    case dropped(BookDropReason)
    /// No snapshot yet (or a resync is pending): the diff is held until one arrives.
    case buffered
    /// The diff does not continue the book: a gap was counted and a new snapshot is needed.
    case gap(expectedFirstUpdateId: Int64, receivedFirstUpdateId: Int64, receivedLastUpdateId: Int64)
}

/// Why a diff was dropped.
public enum BookDropReason: Hashable, Sendable {
    /// Every update id of the diff is at or below the book's last update id (old or repeated).
    case stale
}

/// What a local order book did with a depth snapshot.
public enum BookSnapshotOutcome: Hashable, Sendable {
    /// The book was rebuilt from the snapshot and the buffered diffs were replayed over it.
    case applied(replayedDiffs: Int)
    /// The snapshot is not newer than the synced book, which was kept.
    case ignoredStale
}

/// Running counts of a local order book.
public struct BookCounters: Hashable, Sendable {
    /// Diffs applied to the book (including buffered diffs replayed after a snapshot).
    public var applied = 0
    /// Diffs dropped as stale (at or below the last update id).
    public var dropped = 0
    /// Gaps detected (each made the book wait for a new snapshot).
    public var gaps = 0
    /// Snapshots applied after the first one.
    public var resyncs = 0
    /// Snapshots applied.
    public var snapshots = 0
    /// Snapshots ignored because the synced book was already newer.
    public var staleSnapshots = 0
    /// Buffered diffs discarded (oldest first) because the buffer was full.
    public var bufferOverflows = 0
    /// Applied diffs after which the best bid was at or above the best ask.
    public var crossedAfterApply = 0

    public init() {}
}
