public import NjordCore

/// The equity at each UTC day's last bar and the day's return against the previous day's
/// equity (the first day's against the starting cash): the series every return statistic uses.
/// Built bar by bar (``add(time:equity:)``), so a streamed run keeps one value per day, not per bar.
public struct DailyEquity: Sendable {
    public static let nanosecondsPerDay: Int64 = 86_400_000_000_000

    public let startingCash: Fixed
    /// Days since 1970-01-01 (UTC) that have at least one bar, ascending.
    public private(set) var days: [Int64] = []
    public private(set) var equity: [Fixed] = []

    public init(startingCash: Fixed) { self.startingCash = startingCash }

    public init(curve: EquityCurve) {
        self.init(startingCash: curve.startingCash)
        for i in 0..<curve.count { add(time: curve.times[i], equity: curve.equity[i]) }
    }

    /// One bar's equity at its time (bars in time order): the day's equity so far.
    public mutating func add(time nanoseconds: Int64, equity value: Fixed) {
        let day = Self.day(of: nanoseconds)
        if day == days.last {
            equity[equity.count - 1] = value
        } else {
            days.append(day)
            equity.append(value)
        }
    }

    public var count: Int { days.count }

    /// `equity[i] / equity[i-1] − 1`, with the starting cash before the first day. The
    /// difference is exact; only the division is in Double.
    public var returns: [Double] {
        var returns: [Double] = []
        returns.reserveCapacity(equity.count)
        var previous = startingCash
        for value in equity {
            returns.append(previous.isPositive ? (value - previous).doubleValue / previous.doubleValue : .nan)
            previous = value
        }
        return returns
    }

    /// The UTC day of a time in nanoseconds (floor division, so times before 1970 fall right).
    public static func day(of nanoseconds: Int64) -> Int64 {
        nanoseconds >= 0 ? nanoseconds / nanosecondsPerDay : -((-nanoseconds - 1) / nanosecondsPerDay) - 1
    }

    /// `YYYY-MM-DD` of a day number.
    public static func dateText(ofDay day: Int64) -> String {
        var out: [UInt8] = []
        BarCSVReader.formatTime(day * nanosecondsPerDay, into: &out)
        return String(decoding: out.prefix(10), as: UTF8.self)
    }
}
