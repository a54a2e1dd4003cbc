/// What `JournalVerifier` found in one day file.
public struct JournalFileReport: Sendable {
    public var stream: String
    public var file: JournalDayFile
    public var records: Int
    /// Uncompressed bytes scanned.
    public var bytes: UInt64
    public var issues: [JournalIssue]
}

/// What `JournalVerifier` found in a stream or a whole root.
public struct JournalVerifyReport: Sendable {
    public var files: [JournalFileReport] = []

    public var records: Int { files.reduce(0) { $0 + $1.records } }
    public var issues: [JournalIssue] { files.flatMap(\.issues) }
    public var tornTails: Int { issues.filter { $0.kind == .tornTail }.count }
    public var corruptLines: Int { issues.filter { $0.kind == .corruptLine }.count }
    /// True when every file read to its end and every line was a valid record.
    public var isClean: Bool { files.allSatisfy(\.issues.isEmpty) }
}

/// Scans journals and reports files, record counts and every damaged spot with its byte offset.
/// A file that cannot be read (e.g. a damaged gzip) becomes an `unreadable` issue, not an abort,
/// so one bad file does not hide the state of the others.
public struct JournalVerifier: Sendable {
    public let layout: JournalLayout

    public init(root: String = JournalLayout.defaultRoot) { layout = JournalLayout(root: root) }

    /// Verifies one stream, or every stream under the root when `stream` is nil.
    public func verify(stream: String? = nil) throws -> JournalVerifyReport {
        let streams = try stream.map { [try JournalStreamName($0)] } ?? layout.streams()
        var report = JournalVerifyReport()
        for name in streams {
            for file in try layout.dayFiles(of: name) {
                report.files.append(verify(file, of: name))
            }
        }
        return report
    }

    private func verify(_ file: JournalDayFile, of stream: JournalStreamName) -> JournalFileReport {
        var summary = JournalReadSummary()
        let scanner = JournalLineScanner(file: file, stream: stream.rawValue, startOffset: 0)
        var bytes: UInt64 = 0
        do {
            let source = try file.openSource()
            while true {
                let n = try scanner.readAndScan(source, summary: &summary, onIssue: nil) { _, _ in }
                if n == 0 { break }
                bytes += UInt64(n)
            }
            if let torn = scanner.tornTail() { summary.issues.append(torn) }
        } catch {
            summary.issues.append(
                JournalIssue(
                    kind: .unreadable("\(error)"), stream: stream.rawValue, path: file.path,
                    position: JournalPosition(day: file.day, offset: bytes), length: 0))
        }
        return JournalFileReport(
            stream: stream.rawValue, file: file, records: summary.records, bytes: bytes,
            issues: summary.issues)
    }
}
