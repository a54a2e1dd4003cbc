public import NjordCore

/// What replaying one capture line did.
public enum ReplayEvent: Sendable {
    /// An empty or white-space line (counted, skipped).
    case blank
    /// A line not shaped `<ns> <frame>` (counted, skipped).
    case garbage
    /// A frame the parser rejected, with the error naming the field (counted, skipped).
    case parseError(BinanceParseError)
    /// A well-formed frame for another symbol (counted, skipped).
    case otherSymbol
    /// A trade; `isNew` is false for a trade id seen before.
    case trade(Trade, isNew: Bool)
    /// A depth diff and what the book did with it.
    case bookUpdate(BookDelta, BookUpdateOutcome)
    /// A REST depth snapshot and what the book did with it.
    case snapshot(BookSnapshotOutcome)
    /// A best bid/ask update.
    case topOfBook(TopOfBook)
}

/// Line and frame counts of a replay.
public struct ReplayStats: Hashable, Sendable {
    public var lines = 0
    public var blankLines = 0
    /// Lines not shaped `<ns> <frame>`.
    public var garbageLines = 0
    /// Frames the parser rejected (malformed or unsupported).
    public var parseErrors = 0
    public var otherSymbolFrames = 0
    /// Trade frames, repeats included.
    public var tradeFrames = 0
    public var depthFrames = 0
    public var snapshotFrames = 0
    public var bookTickerFrames = 0

    public init() {}

    /// Frames parsed and routed (the figure of a frames-per-second benchmark).
    public var frames: Int { tradeFrames + depthFrames + snapshotFrames + bookTickerFrames + otherSymbolFrames }
}
