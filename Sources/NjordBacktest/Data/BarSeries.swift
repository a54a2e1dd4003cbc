public import NjordCore
public import NjordStrategies

/// Bars in columns of raw values, parsed once and replayed many times: times in nanoseconds since
/// the epoch (bar open), prices and volume as ``NjordCore/Fixed`` raw values (value × 10^8) in
/// Int64 — 8 bytes a field keeps the replay loop in cache; values beyond ±9.2·10^10 are rejected
/// at load time.
public struct BarSeries: Sendable {
    public private(set) var times: [Int64] = []
    public private(set) var open: [Int64] = []
    public private(set) var high: [Int64] = []
    public private(set) var low: [Int64] = []
    public private(set) var close: [Int64] = []
    public private(set) var volume: [Int64] = []
    /// Volumes that had more than 8 fractional digits (float noise in exported files) and were
    /// rounded half-even on load. Prices are never rounded: such a price fails the load.
    public var roundedVolumes = 0

    public init() {}

    /// Columns already checked (``BarColumnsFile``): equal lengths, times increasing.
    init(
        times: [Int64], open: [Int64], high: [Int64], low: [Int64], close: [Int64], volume: [Int64],
        roundedVolumes: Int
    ) {
        self.times = times
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.roundedVolumes = roundedVolumes
    }

    public var count: Int { times.count }
    public var isEmpty: Bool { times.isEmpty }

    public mutating func reserveCapacity(_ n: Int) {
        times.reserveCapacity(n)
        open.reserveCapacity(n)
        high.reserveCapacity(n)
        low.reserveCapacity(n)
        close.reserveCapacity(n)
        volume.reserveCapacity(n)
    }

    /// Empties the series, keeping its capacity (a streamed run's chunk buffer).
    public mutating func removeAll() {
        times.removeAll(keepingCapacity: true)
        open.removeAll(keepingCapacity: true)
        high.removeAll(keepingCapacity: true)
        low.removeAll(keepingCapacity: true)
        close.removeAll(keepingCapacity: true)
        volume.removeAll(keepingCapacity: true)
    }

    /// Appends one bar; raw values must already fit Int64 (see ``rawInt64(_:)``).
    public mutating func append(time: Int64, open: Int64, high: Int64, low: Int64, close: Int64, volume: Int64) {
        times.append(time)
        self.open.append(open)
        self.high.append(high)
        self.low.append(low)
        self.close.append(close)
        self.volume.append(volume)
    }

    /// The bar at `index`, as a strategy sees it.
    @inlinable
    public func bar(at index: Int) -> StrategyBar {
        StrategyBar(
            time: Timestamp(nanosecondsSinceEpoch: times[index]), open: Fixed(raw: Int128(open[index])),
            high: Fixed(raw: Int128(high[index])), low: Fixed(raw: Int128(low[index])),
            close: Fixed(raw: Int128(close[index])), volume: Fixed(raw: Int128(volume[index])))
    }

    /// A value's raw units as Int64, or nil when it does not fit the columns.
    public static func rawInt64(_ value: Fixed) -> Int64? {
        value.raw >= Int128(Int64.min) && value.raw <= Int128(Int64.max) ? Int64(value.raw) : nil
    }
}
