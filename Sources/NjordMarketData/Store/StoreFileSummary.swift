public import NjordCore

/// What one sealed store file holds (the `njord data info` row).
public struct StoreFileSummary: Hashable, Sendable {
    public var path: String
    public var kind: StoreKind
    /// The UTC day, `YYYY-MM-DD`.
    public var day: String
    public var records: Int
    public var firstTime: Timestamp
    public var lastTime: Timestamp
    /// Size of the file.
    public var bytes: Int
    /// Size of the records decoded in memory.
    public var decodedBytes: Int

    /// Decoded size ÷ file size: how much smaller the file is than the typed records it holds.
    public var compressionRatio: Double { bytes == 0 ? 0 : Double(decodedBytes) / Double(bytes) }
}
