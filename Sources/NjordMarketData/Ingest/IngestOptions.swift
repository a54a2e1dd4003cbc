/// Settings of the ingest pipeline.
public struct IngestOptions: Sendable, Hashable {
    /// The `src` of every event the pipeline publishes.
    public var source: String
    /// Levels per side in published book snapshots and the book key.
    public var bookDepth: Int
    /// Distinguishes this run's event ids from another run's (ids are `<source>-<run>-<topic>-<seq>`).
    public var runId: String

    public init(source: String = "md-ingest", bookDepth: Int = 20, runId: String = "0") {
        self.source = source
        self.bookDepth = max(1, bookDepth)
        self.runId = runId
    }

    /// The journal stream of one symbol's normalized events: `md.BTCUSDT`.
    public static func journalStream(_ symbol: String) -> String { "md.\(symbol)" }
}
