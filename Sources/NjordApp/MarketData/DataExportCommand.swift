public import ArgumentParser
import NjordCore
import NjordMarketData

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `njord data export --venue V --symbol S --kind trades|bars-1m [--from ISO] [--to ISO] --format csv|ndjson`:
/// streams `[from, to)` to stdout (formats: ``StoreExportFormat``).
public struct DataExportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write stored trades or bars in [from, to) as CSV or NDJSON to stdout.")

    @Option(help: "Venue.") var venue: String
    @Option(help: "Symbol.") var symbol: String
    @Option(help: "trades, bars-1m, bars-1s, bars-1h or bars-1d.") var kind: String
    @Option(help: "First time, ISO 8601 UTC (inclusive).") var from: String?
    @Option(help: "End time, ISO 8601 UTC (exclusive).") var to: String?
    @Option(help: "csv or ndjson.") var format: String = "csv"
    @Option(help: "Store root directory.") var root: String = MarketDataStore.defaultRoot

    public init() {}

    public func run() throws {
        guard let storeKind = StoreKind(pathComponent: kind) else {
            throw ValidationError("--kind must be trades or bars-<1s|1m|1h|1d>")
        }
        guard let output = StoreExportFormat(rawValue: format) else {
            throw ValidationError("--format must be csv or ndjson")
        }
        let start = try from.map { text in
            guard let t = Timestamp(iso8601: text) else {
                throw ValidationError("--from: '\(text)' is not ISO 8601 UTC")
            }
            return t
        }
        let end = try to.map { text in
            guard let t = Timestamp(iso8601: text) else { throw ValidationError("--to: '\(text)' is not ISO 8601 UTC") }
            return t
        }
        let store = MarketDataStore(root: root)
        let sym = symbol.uppercased()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        if let header = output.header(for: storeKind) { buffer += Array((header + "\n").utf8) }
        func drain(_ force: Bool) {
            guard force || buffer.count >= 1 << 20 else { return }
            _ = FileWrite.all(1, buffer)
            buffer.removeAll(keepingCapacity: true)
        }
        switch storeKind {
        case .trades:
            try store.forEachBlock(
                of: StoredTrade.self, venue: venue, symbol: sym, kind: storeKind, from: start, to: end
            ) {
                for t in $0 { output.write(t, venue: venue, symbol: sym, to: &buffer) }
                drain(false)
            }
        case .bars(let interval):
            try store.forEachBlock(of: StoredBar.self, venue: venue, symbol: sym, kind: storeKind, from: start, to: end)
            {
                for b in $0 { output.write(b, venue: venue, symbol: sym, interval: interval, to: &buffer) }
                drain(false)
            }
        }
        drain(true)
    }
}
