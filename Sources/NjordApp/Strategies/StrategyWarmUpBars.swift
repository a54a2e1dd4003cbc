import NjordCore
import NjordMarketData
import NjordStrategies

/// The most recent bars of a symbol in the market-data store, for warming up a strategy that was
/// just built: it reads day files from the newest back until it has `count` bars.
struct StrategyWarmUpBars {
    let store: MarketDataStore
    let venue: String
    let interval: BarInterval
    let count: Int

    /// Oldest first; empty when the store holds no bars of the symbol (the strategy starts cold).
    func bars(symbol: String) throws -> [StrategyBar] {
        guard count > 0 else { return [] }
        var newestFirst: [[StrategyBar]] = []
        var total = 0
        for file in try store.dayFiles(venue: venue, symbol: symbol, kind: .bars(interval)).reversed() {
            var day: [StrategyBar] = []
            try StoreFileReader<StoredBar>(path: file.path).forEachBlock(from: nil, to: nil) { block in
                for bar in block {
                    day.append(
                        StrategyBar(
                            time: bar.openTime, open: bar.open, high: bar.high, low: bar.low, close: bar.close,
                            volume: bar.volume))
                }
            }
            total += day.count
            newestFirst.append(day)
            if total >= count { break }
        }
        return Array(newestFirst.reversed().joined().suffix(count))
    }
}
