public import NjordCore

/// The tick and bar store: one compressed, indexed file per venue, symbol, kind and UTC day at
/// `<root>/<venue>/<SYMBOL>/<kind>/<YYYY-MM-DD>.njds` (format: ``StoreFileFormat``).
/// Writing a day replaces that day's file atomically; reading streams block by block.
public struct MarketDataStore: Sendable {
    public static let defaultRoot = "var/data/store"
    public let root: String

    public init(root: String = MarketDataStore.defaultRoot) { self.root = root }

    /// The directory of one venue, symbol and kind; the symbol is upper-cased.
    public func directory(venue: String, symbol: String, kind: StoreKind) throws -> String {
        for name in [venue, symbol] where name.isEmpty || name == "." || name == ".." || name.contains("/") {
            throw StoreError.invalidName(name)
        }
        return "\(root)/\(venue)/\(symbol.uppercased())/\(kind.pathComponent)"
    }

    public func path(venue: String, symbol: String, kind: StoreKind, day: String) throws -> String {
        "\(try directory(venue: venue, symbol: symbol, kind: kind))/\(day).\(StoreFileFormat.fileExtension)"
    }

    /// Writes time-ordered records, one sealed file per UTC day they touch (replacing those days).
    @discardableResult
    public func write<Record: StoreRecord>(
        _ records: some Sequence<Record>, venue: String, symbol: String, kind: StoreKind,
        blockCapacity: Int = 4096
    ) throws -> [StoreFileSummary] {
        let dir = try directory(venue: venue, symbol: symbol, kind: kind)
        try StoreFileIO.makeDirectories(dir)
        var summaries: [StoreFileSummary] = []
        var writer: StoreFileWriter<Record>?
        var day: Int64 = .min
        for record in records {
            let d = record.storeTime.utcDayNumber
            if d != day {
                if let w = writer {
                    guard d > day else {
                        throw StoreError.outOfOrder(
                            path: w.path, previous: day * StoreDay.nanosecondsPerDay,
                            next: record.storeTime.nanosecondsSinceEpoch)
                    }
                    summaries.append(try w.seal())
                }
                day = d
                let name = StoreDay.name(d)
                writer = try StoreFileWriter<Record>(
                    path: "\(dir)/\(name).\(StoreFileFormat.fileExtension)", kind: kind, day: name,
                    blockCapacity: blockCapacity)
            }
            try writer!.append(record)
        }
        if let w = writer { summaries.append(try w.seal()) }
        return summaries
    }

    /// The sealed day files of one venue, symbol and kind, oldest first, as `(day, path)`.
    public func dayFiles(venue: String, symbol: String, kind: StoreKind) throws -> [(day: String, path: String)] {
        let dir = try directory(venue: venue, symbol: symbol, kind: kind)
        let suffix = ".\(StoreFileFormat.fileExtension)"
        return try StoreFileIO.list(dir).compactMap { name in
            guard name.hasSuffix(suffix) else { return nil }
            let day = String(name.dropLast(suffix.count))
            return StoreDay.dayNumber(day) == nil ? nil : (day, "\(dir)/\(name)")
        }
    }

    /// The day files whose day overlaps `[from, to)`.
    func files(venue: String, symbol: String, kind: StoreKind, from: Timestamp?, to: Timestamp?) throws -> [String] {
        let lower = from.map { $0.utcDayNumber } ?? .min
        let upper = to.map { Timestamp(nanosecondsSinceEpoch: $0.nanosecondsSinceEpoch - 1).utcDayNumber } ?? .max
        return try dayFiles(venue: venue, symbol: symbol, kind: kind).compactMap { entry in
            guard let d = StoreDay.dayNumber(entry.day), d >= lower, d <= upper else { return nil }
            return entry.path
        }
    }

    /// Streams the records in `[from, to)` (nil: unbounded), a decoded block at a time, across days.
    /// The buffer is reused between calls; memory stays one block whatever the range.
    public func forEachBlock<Record: StoreRecord>(
        of _: Record.Type, venue: String, symbol: String, kind: StoreKind, from: Timestamp? = nil,
        to: Timestamp? = nil, _ body: (UnsafeBufferPointer<Record>) throws -> Void
    ) throws {
        for path in try files(venue: venue, symbol: symbol, kind: kind, from: from, to: to) {
            try StoreFileReader<Record>(path: path).forEachBlock(from: from, to: to, body)
        }
    }

    /// A record-at-a-time reader over the same range as ``forEachBlock(of:venue:symbol:kind:from:to:_:)``.
    public func records<Record: StoreRecord>(
        of _: Record.Type, venue: String, symbol: String, kind: StoreKind, from: Timestamp? = nil,
        to: Timestamp? = nil
    ) throws -> StoreRecordIterator<Record> {
        StoreRecordIterator(
            paths: try files(venue: venue, symbol: symbol, kind: kind, from: from, to: to), from: from, to: to)
    }

    /// Every sealed file under the root, as `(venue, symbol, kind, day, path)`, sorted.
    public func allFiles() throws -> [(venue: String, symbol: String, kind: StoreKind, day: String, path: String)] {
        var out: [(venue: String, symbol: String, kind: StoreKind, day: String, path: String)] = []
        for venue in try StoreFileIO.list(root) {
            for symbol in try StoreFileIO.list("\(root)/\(venue)") {
                for kindName in try StoreFileIO.list("\(root)/\(venue)/\(symbol)") {
                    guard let kind = StoreKind(pathComponent: kindName) else { continue }
                    for file in try dayFiles(venue: venue, symbol: symbol, kind: kind) {
                        out.append((venue, symbol, kind, file.day, file.path))
                    }
                }
            }
        }
        return out
    }
}
