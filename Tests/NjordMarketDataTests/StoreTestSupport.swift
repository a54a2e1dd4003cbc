import Foundation
import NjordCore
import NjordMarketData
import NjordTestSupport

/// A fresh store root under /tmp per test, removed when the test ends.
final class TemporaryStoreRoot {
    let path: String

    init() {
        var template = Array("/tmp/njord-store-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var store: MarketDataStore { MarketDataStore(root: path) }
}

enum StoreFixtures {
    static let tradesCSV = "trades/derived-binance-spot-BTCUSDT-trades-20240808T235415Z-20240809T000505Z.csv"
    static let ftxBarsCSV = "bars/ftx-btc-perp-20211231-20220201_1m.csv"

    static func sharedPath(_ relative: String) -> String { SharedData.data(relative).path }

    /// A CSV line with its decimal fields rewritten canonically (the export's promise).
    static func canonicalLine(_ line: Substring, decimalColumns: Set<Int>, keep: Int) -> String {
        line.split(separator: ",", omittingEmptySubsequences: false).prefix(keep).enumerated().map { i, field in
            decimalColumns.contains(i) ? ((try? Fixed(String(field)))?.description ?? "?") : String(field)
        }.joined(separator: ",")
    }

    /// Exports a whole kind as CSV text, through the block reader.
    static func exportCSV(_ store: MarketDataStore, venue: String, symbol: String, kind: StoreKind) throws -> String {
        let format = StoreExportFormat.csv
        var out = Array((format.header(for: kind)! + "\n").utf8)
        switch kind {
        case .trades:
            try store.forEachBlock(of: StoredTrade.self, venue: venue, symbol: symbol, kind: kind) { block in
                for t in block { format.write(t, venue: venue, symbol: symbol, to: &out) }
            }
        case .bars(let interval):
            try store.forEachBlock(of: StoredBar.self, venue: venue, symbol: symbol, kind: kind) { block in
                for b in block { format.write(b, venue: venue, symbol: symbol, interval: interval, to: &out) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
