/// One symbol's bars in a run over several symbols.
public struct SymbolBars: Sendable {
    public var symbol: String
    public var bars: BarSeries

    public init(symbol: String, bars: BarSeries) {
        self.symbol = symbol
        self.bars = bars
    }
}

/// The one replay order of several symbols' bars: by bar time, a tie broken by the symbol's name
/// (byte order). The series' order in the arguments plays no part, so the same data gives the
/// same run however it was listed.
public enum BarMerge {
    /// `(series, bar)` index pairs into `series`, in replay order. Symbols must be distinct.
    public static func order(_ series: [SymbolBars]) -> [(series: Int, bar: Int)] {
        let byName = series.indices.sorted {
            Array(series[$0].symbol.utf8).lexicographicallyPrecedes(series[$1].symbol.utf8)
        }
        var cursors = [Int](repeating: 0, count: series.count)
        var merged: [(series: Int, bar: Int)] = []
        merged.reserveCapacity(series.reduce(0) { $0 + $1.bars.count })
        while true {
            var best: Int?
            var bestTime = Int64.max
            // Scanning in name order and taking only a strictly earlier time breaks ties by name.
            for s in byName where cursors[s] < series[s].bars.count {
                let time = series[s].bars.times[cursors[s]]
                if best == nil || time < bestTime {
                    best = s
                    bestTime = time
                }
            }
            guard let s = best else { return merged }
            merged.append((s, cursors[s]))
            cursors[s] += 1
        }
    }
}
