import Foundation
import NjordCore
import NjordStrategies
import NjordTestSupport

/// Bars for tests: hand-written ones a minute apart, and the shared recorded 1-minute bars.
enum TestBars {
    static let minute: Int64 = 60_000_000_000

    /// A bar at minute `index` with the given prices (`open` defaults to `close`).
    static func bar(_ index: Int, high: String, low: String, close: String) throws -> StrategyBar {
        let closePrice = try Fixed(close)
        return StrategyBar(
            time: Timestamp(nanosecondsSinceEpoch: Int64(index) * minute), open: closePrice, high: try Fixed(high),
            low: try Fixed(low), close: closePrice, volume: .one)
    }

    /// A flat bar (open = high = low = close) at minute `index`.
    static func bar(_ index: Int, close: String) throws -> StrategyBar {
        try bar(index, high: close, low: close, close: close)
    }

    /// Deterministic wavy closes around 100 (two periods mixed, so crosses and breakouts happen).
    static func wavy(_ count: Int, from first: Int = 0) -> [StrategyBar] {
        (first..<(first + count)).map { i in
            let close = Fixed(100) + Fixed(raw: Int128((sin(Double(i) / 3) * 5 + sin(Double(i) / 11) * 3) * 1e8))
            return StrategyBar(
                time: Timestamp(nanosecondsSinceEpoch: Int64(i) * minute), open: close, high: close + .one,
                low: close - .one, close: close, volume: .one)
        }
    }

    /// The first `count` bars of the shared FTX BTC-PERP 1-minute file.
    static func recorded(_ count: Int) throws -> [StrategyBar] {
        let url = SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv")
        let text = try String(contentsOf: url, encoding: .utf8)
        var bars: [StrategyBar] = []
        for line in text.split(separator: "\n").dropFirst().prefix(count) {
            let fields = line.split(separator: ",").map(String.init)
            var utf8 = Array(fields[0].utf8)
            let time = utf8.withUnsafeMutableBufferPointer { DateTimeText.parseDateTime(UnsafeBufferPointer($0)) }
            guard let time, fields.count == 6 else { throw TestBarsError.malformed(String(line)) }
            bars.append(
                StrategyBar(
                    time: Timestamp(nanosecondsSinceEpoch: time), open: try Fixed(fields[1]),
                    high: try Fixed(fields[2]),
                    low: try Fixed(fields[3]), close: try Fixed(fields[4]), volume: try Fixed(truncated(fields[5]))))
        }
        return bars
    }
}

/// Decimal text cut to 8 fractional digits: exported volumes carry float noise beyond them.
private func truncated(_ text: String) -> String {
    guard let dot = text.firstIndex(of: ".") else { return text }
    return String(text.prefix(upTo: text.index(dot, offsetBy: 9, limitedBy: text.endIndex) ?? text.endIndex))
}

enum TestBarsError: Error {
    case malformed(String)
}
