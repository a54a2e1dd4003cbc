import Foundation
import NjordCore

/// Bars of CSV files, parsed once per file version and kept as columns (``BarColumnsFile``) under a
/// folder (`njord-worker`: `<runs dir>/.cache/bars`), so that every worker of a sweep, and every
/// later sweep of the same file, reads 48 bytes a bar instead of parsing the CSV again. A cache
/// entry is named by the file's name and a hash of its absolute path, and holds the file's size,
/// modification time, inode and device: a changed file is parsed again and its entry replaced.
/// The cache is only ever an optimization: when it cannot be read or written the CSV is parsed.
public struct BarColumnsCache: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    /// The bars of the CSV at `path` (absolute), from the cache when it holds this version of the
    /// file, else parsed (errors name the CSV) and stored for next time.
    public func series(csv path: String) throws(BacktestDataError) -> BarSeries {
        guard let source = BarColumnsFile.Source(path: path) else { return try BarCSVReader.read(path: path) }
        let entry = entryPath(csv: path)
        if let cached = BarColumnsFile.read(path: entry, expecting: source) { return cached }
        let series = try BarCSVReader.read(path: path)
        // Only when the file did not change while it was parsed; a failed write is not an error.
        if BarColumnsFile.Source(path: path) == source, makeRoot() {
            try? BarColumnsFile.write(series, source: source, to: entry)
        }
        return series
    }

    /// `<root>/<file name>-<FNV-1a of the path, hex>.columns`.
    public func entryPath(csv path: String) -> String {
        let hash = BarColumnsFile.fnv1a(path.utf8.lazy.map(UInt64.init))
        let name = path.split(separator: "/").last.map(String.init) ?? "bars"
        return "\(root)/\(name)-\(String(hash, radix: 16)).columns"
    }

    private func makeRoot() -> Bool {
        (try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)) != nil
    }
}
