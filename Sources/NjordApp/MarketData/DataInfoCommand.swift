public import ArgumentParser
import NjordCore
import NjordMarketData

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `njord data info [--venue V] [--symbol S]`: one line per day file.
public struct DataInfoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "info", abstract: "List store files: kind, day, records, time span, bytes, compression.")

    @Option(help: "Only this venue.") var venue: String?
    @Option(help: "Only this symbol.") var symbol: String?
    @Option(help: "Store root directory.") var root: String = MarketDataStore.defaultRoot

    public init() {}

    public func run() throws {
        let store = MarketDataStore(root: root)
        var damaged = 0
        for file in try store.allFiles() {
            if let venue, file.venue != venue { continue }
            if let symbol, file.symbol != symbol.uppercased() { continue }
            do {
                let summary =
                    switch file.kind {
                    case .trades: try StoreFileReader<StoredTrade>(path: file.path).summary
                    case .bars: try StoreFileReader<StoredBar>(path: file.path).summary
                    }
                print("\(file.venue) \(file.symbol) " + Self.row(summary))
            } catch {
                damaged += 1
                printError("damaged: \(error)")
            }
        }
        if damaged > 0 { throw ExitCode(1) }
    }

    static func row(_ s: StoreFileSummary) -> String {
        let ratio = (s.compressionRatio * 10).rounded() / 10
        return "\(s.kind) \(s.day) records=\(s.records) first=\(s.firstTime.iso8601) last=\(s.lastTime.iso8601) "
            + "bytes=\(s.bytes) ratio=\(ratio)x"
    }
}

/// Writes a line to stderr.
func printError(_ text: String) {
    var line = Array((text + "\n").utf8)
    _ = line.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}
