import NjordCore

/// The records read from one CSV file, and its bad rows.
public struct StoreCSVImport: Sendable {
    public var file: String
    public var layout: StoreCSVLayout
    /// `.trades`, or `.bars(interval)` for the bar layouts.
    public var kind: StoreKind
    public var trades: [StoredTrade] = []
    public var bars: [StoredBar] = []
    /// Data rows seen (good and bad).
    public var rows = 0
    /// The first bad rows (at most ``StoreCSVImporter/maxProblemsKept``).
    public var problems: [StoreCSVProblem] = []
    /// Decimals rounded to 8 digits (only with `roundExcessDigits`).
    public var roundedFields = 0
    /// Every bad row, counted.
    public var problemCount = 0

    public var recordCount: Int { trades.count + bars.count }
}
