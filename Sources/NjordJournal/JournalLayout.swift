/// One day's file of a stream: plain `.ndjson` while it is written, `.ndjson.gz` once closed.
public struct JournalDayFile: Hashable, Sendable {
    /// UTC day number of the file.
    public var day: Int64
    public var path: String
    public var isCompressed: Bool

    /// `YYYY-MM-DD` of the file's day.
    public var date: String { JournalDay.format(day) }
}

/// Where journal files live: `<root>/<stream>/<YYYY-MM-DD>.ndjson` (and `.ndjson.gz` once closed).
public struct JournalLayout: Sendable {
    public static let defaultRoot = "var/log/njord/journal"

    public let root: String

    public init(root: String = JournalLayout.defaultRoot) { self.root = root }

    public func directory(of stream: JournalStreamName) -> String { "\(root)/\(stream.rawValue)" }

    public func plainPath(_ stream: JournalStreamName, day: Int64) -> String {
        "\(directory(of: stream))/\(JournalDay.format(day)).ndjson"
    }

    public func gzipPath(_ stream: JournalStreamName, day: Int64) -> String {
        plainPath(stream, day: day) + ".gz"
    }

    /// The stream's day files in day order. When a day has both forms (a crash between the gzip's
    /// rename and the plain file's removal) the plain file wins: the gzip was made from it.
    public func dayFiles(of stream: JournalStreamName) throws -> [JournalDayFile] {
        let dir = directory(of: stream)
        guard let names = try Posix.listDirectory(dir) else { return [] }
        var byDay: [Int64: JournalDayFile] = [:]
        for name in names {
            let compressed: Bool
            if name.hasSuffix(".ndjson.gz") {
                compressed = true
            } else if name.hasSuffix(".ndjson") {
                compressed = false
            } else {
                continue  // temp files of an interrupted compression and anything foreign
            }
            guard let day = JournalDay.parse(name.prefix(10)), name.utf8.count == (compressed ? 20 : 17)
            else { continue }
            if let existing = byDay[day], !existing.isCompressed { continue }
            byDay[day] = JournalDayFile(day: day, path: "\(dir)/\(name)", isCompressed: compressed)
        }
        return byDay.values.sorted { $0.day < $1.day }
    }

    /// Every stream under the root, sorted by name (directories whose names are not valid streams
    /// are skipped).
    public func streams() throws -> [JournalStreamName] {
        guard let names = try Posix.listDirectory(root) else { return [] }
        return names.filter { Posix.isDirectory("\(root)/\($0)") }
            .compactMap { try? JournalStreamName($0) }
            .sorted()
    }
}
