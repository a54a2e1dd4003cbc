public import ArgumentParser
import NjordCore
import NjordMarketData

/// `njord data import --venue V --symbol S FILE…`: reads Binance trades, Binance klines or
/// timestamp OHLCV CSV (layout detected per file) and writes the day files they cover.
/// Any bad row fails the import before anything is written, unless `--skip-bad`.
public struct DataImportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import CSV trades or bars into the store (replaces the days written).")

    @Option(help: "Venue, e.g. binance.") var venue: String
    @Option(help: "Symbol, e.g. BTCUSDT (stored upper-cased).") var symbol: String
    @Option(help: "Store root directory.") var root: String = MarketDataStore.defaultRoot
    @Option(help: "Bar interval of timestamp,open,… files (1s, 1m, 1h, 1d); detected when omitted.")
    var interval: String?
    @Flag(help: "Import the good rows even when some rows are bad (they are still reported).")
    var skipBad = false
    @Flag(help: "Round decimals with more than 8 fractional digits half-even instead of rejecting the row.")
    var roundExcessDigits = false
    @Argument(help: "CSV files.") var files: [String]

    public init() {}

    public func run() throws {
        let barInterval = try interval.map { text in
            guard let value = BarInterval(rawValue: text) else {
                throw ValidationError("--interval must be one of 1s, 1m, 1h, 1d")
            }
            return value
        }
        var trades: [StoredTrade] = []
        var bars: [StoreKind: [StoredBar]] = [:]
        var problems: [StoreCSVProblem] = []
        var problemCount = 0
        for file in files {
            let result = try StoreCSVImporter.read(
                file: file, interval: barInterval, roundExcessDigits: roundExcessDigits)
            print(
                "\(file): \(result.layout.rawValue), \(result.kind), \(result.recordCount) records, "
                    + "\(result.problemCount) bad rows"
                    + (result.roundedFields > 0 ? ", \(result.roundedFields) decimals rounded" : ""))
            problems += result.problems
            problemCount += result.problemCount
            trades += result.trades
            if !result.bars.isEmpty { bars[result.kind, default: []] += result.bars }
        }
        for problem in problems.prefix(StoreCSVImporter.maxProblemsKept) { printError("bad row: \(problem)") }
        if problemCount > 0 && !skipBad {
            throw StoreImportError.badRows(count: problemCount, problems: Array(problems.prefix(20)))
        }
        let store = MarketDataStore(root: root)
        var summaries: [StoreFileSummary] = []
        if !trades.isEmpty {
            trades.sort { $0.time < $1.time }
            summaries += try store.write(trades, venue: venue, symbol: symbol, kind: .trades)
        }
        for (kind, list) in bars.sorted(by: { $0.key.pathComponent < $1.key.pathComponent }) {
            summaries += try store.write(
                list.sorted { $0.openTime < $1.openTime }, venue: venue, symbol: symbol, kind: kind)
        }
        for s in summaries { print(DataInfoCommand.row(s)) }
        print(
            "imported \(summaries.map(\.records).reduce(0, +)) records into \(summaries.count) day files"
                + (problemCount > 0 ? ", skipped \(problemCount) bad rows" : ""))
    }
}
