/// When a journal's appends become durable (see the file layout notes in JournalWriter.swift).
public enum JournalDurability: Hashable, Sendable {
    /// Every append writes and fdatasyncs its record before returning: returned means durable.
    case fsyncEachEvent
    /// Appends are buffered in memory and written + fdatasynced as one batch when `maxBatch`
    /// records are waiting or `intervalNanoseconds` has passed since the last sync (checked on
    /// append), on `flush()` and on `close()`. Only a completed sync makes a record durable.
    case groupCommit(intervalNanoseconds: UInt64, maxBatch: Int)
    /// Every append `write(2)`s its record before returning, so it survives a kill -9 of the
    /// process at once; fdatasync runs off the append path, on the writer's sync thread, requested
    /// by `syncIfDue()` once the oldest unsynced record has waited `syncIntervalNanoseconds` or
    /// `maxUnsynced` records wait, and on the caller's thread in `flush()` and `close()`. Power loss (or a kernel crash) can lose what was written since
    /// the last sync. The daemons' mode under `journal.durability: group_commit`.
    case writeThrough(syncIntervalNanoseconds: UInt64, maxUnsynced: Int)
}

/// What `JournalWriter.append` returns.
public struct JournalAppendReceipt: Hashable, Sendable {
    /// The record's number in this writer's session, from 1; `flush()` answers with the highest
    /// durable one, so a caller can tell which of its records are acknowledged.
    public var sequence: UInt64
    /// Where the record starts in the stream.
    public var position: JournalPosition
    /// True when the record was already durable when `append` returned (always under
    /// `fsyncEachEvent`; under group commit only if this append completed a batch; never under
    /// `writeThrough`, whose records are synced by `syncIfDue()`).
    public var isDurable: Bool
}
