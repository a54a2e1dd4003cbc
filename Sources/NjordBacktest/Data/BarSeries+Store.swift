public import NjordCore
public import NjordMarketData

extension BarSeries {
    /// The bars of one venue, symbol and interval in `[from, to)` from the market-data store, read a
    /// block at a time (the series grows geometrically; reserving per block would copy it each time).
    public static func load(
        store: MarketDataStore, venue: String, symbol: String, interval: BarInterval, from: Timestamp? = nil,
        to: Timestamp? = nil
    ) throws(BacktestDataError) -> BarSeries {
        var series = BarSeries()
        var outOfRange = false
        do {
            try store.forEachBlock(
                of: StoredBar.self, venue: venue, symbol: symbol, kind: .bars(interval), from: from, to: to
            ) { block in
                for bar in block {
                    guard let o = rawInt64(bar.open), let h = rawInt64(bar.high), let l = rawInt64(bar.low),
                        let c = rawInt64(bar.close), let v = rawInt64(bar.volume)
                    else {
                        outOfRange = true
                        continue
                    }
                    series.append(
                        time: bar.openTime.nanosecondsSinceEpoch, open: o, high: h, low: l, close: c, volume: v)
                }
            }
        } catch {
            throw .store("\(error)")
        }
        if outOfRange { throw .store("\(venue) \(symbol): a bar value is out of the replay range") }
        guard !series.isEmpty else { throw .noBars(source: "store \(venue)/\(symbol)/bars-\(interval.rawValue)") }
        return series
    }

    /// The bars as store records (trade counts 0), lazily: the inverse of
    /// ``load(store:venue:symbol:interval:from:to:)``, for writing a series into a store.
    public var storedBars: some Collection<StoredBar> {
        (0..<count).lazy.map { i in
            StoredBar(
                openTime: Timestamp(nanosecondsSinceEpoch: times[i]), open: Fixed(raw: Int128(open[i])),
                high: Fixed(raw: Int128(high[i])), low: Fixed(raw: Int128(low[i])), close: Fixed(raw: Int128(close[i])),
                volume: Fixed(raw: Int128(volume[i])), trades: 0)
        }
    }
}
