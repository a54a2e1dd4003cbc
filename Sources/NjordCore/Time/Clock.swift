#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A point in time: nanoseconds since the Unix epoch, UTC. Integer so that journals, contracts and
/// backtests order and compare events exactly.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanosecondsSinceEpoch: Int64

    public init(nanosecondsSinceEpoch: Int64) { self.nanosecondsSinceEpoch = nanosecondsSinceEpoch }
    public init(millisecondsSinceEpoch ms: Int64) { self.nanosecondsSinceEpoch = ms * 1_000_000 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }

    public func adding(nanoseconds: Int64) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: nanosecondsSinceEpoch + nanoseconds)
    }

    /// The UTC calendar day this instant falls on, as days since 1970-01-01.
    public var utcDayNumber: Int64 {
        let day: Int64 = 86_400_000_000_000
        return nanosecondsSinceEpoch >= 0
            ? nanosecondsSinceEpoch / day : (nanosecondsSinceEpoch - day + 1) / day
    }

    /// `YYYY-MM-DD` of the UTC day, as journals name their files.
    public var utcDate: String {
        let (y, m, d) = CivilDate.fromDays(utcDayNumber)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// ISO 8601 UTC with millisecond precision: `2024-08-09T00:05:05.800Z`.
    public var iso8601: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        DateTimeText.formatISO8601(nanosecondsSinceEpoch, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { iso8601 }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff…]Z` (UTC only); nil for anything else.
    public init?(iso8601 text: String) {
        let b = Array(text.utf8)
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            b.last == UInt8(ascii: "Z")
        else { return nil }
        func num(_ r: Range<Int>) -> Int64? {
            var v: Int64 = 0
            for i in r {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int64(b[i] - 48)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13),
            let mi = num(14..<16), let s = num(17..<19), (1...12).contains(mo), (1...31).contains(d),
            h < 24, mi < 60, s < 61
        else { return nil }
        var fraction: Int64 = 0
        if b.count > 20 {
            guard b[19] == UInt8(ascii: "."), b.count - 21 <= 9, b.count - 21 >= 1,
                let f = num(20..<(b.count - 1))
            else { return nil }
            fraction = f
            for _ in 0..<(9 - (b.count - 21)) { fraction *= 10 }
        } else if b.count != 20 {
            return nil
        }
        let days = CivilDate.toDays(y, mo, d)
        nanosecondsSinceEpoch = ((days * 86_400 + h * 3600 + mi * 60 + s) * 1_000_000_000) + fraction
    }
}

private func pad(_ v: Int64, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// Days-from-civil conversions (Howard Hinnant's algorithms), exact for the proleptic Gregorian calendar.
public enum CivilDate {
    public static func toDays(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func fromDays(_ z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// The source of "now" for every component; injected so that tests and backtests control time.
public protocol Clock: Sendable {
    /// Wall-clock time (UTC), for event times and journal days.
    func now() -> Timestamp
    /// A monotonic reading in nanoseconds, for latencies and timeouts; never goes backwards.
    func monotonicNanoseconds() -> UInt64
}

/// The real clock: `CLOCK_REALTIME` for wall time, `CLOCK_MONOTONIC` for durations.
public struct SystemClock: Clock {
    public init() {}

    public func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(nanosecondsSinceEpoch: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }

    public func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

/// A clock moved by hand: unit tests and the backtester's simulated time.
public final class ManualClock: Clock, @unchecked Sendable {
    // A lock-free box is not needed: a manual clock is driven from one task at a time, and the lock
    // only guards against a reader on another thread seeing a torn value.
    private let lock = Mutex()
    private var current: Timestamp
    private var monotonic: UInt64 = 0

    public init(start: Timestamp = Timestamp(nanosecondsSinceEpoch: 0)) { current = start }

    public func now() -> Timestamp { lock.withLock { current } }
    public func monotonicNanoseconds() -> UInt64 { lock.withLock { monotonic } }

    /// Moves both readings forward.
    public func advance(nanoseconds: Int64) {
        precondition(nanoseconds >= 0, "a clock never goes backwards")
        lock.withLock {
            current = current.adding(nanoseconds: nanoseconds)
            monotonic += UInt64(nanoseconds)
        }
    }

    /// Sets wall time (forward only), as a backtest does for each bar.
    public func set(_ time: Timestamp) {
        lock.withLock {
            precondition(time >= current, "a clock never goes backwards")
            monotonic += UInt64(time.nanosecondsSinceEpoch - current.nanosecondsSinceEpoch)
            current = time
        }
    }
}

/// A small pthread mutex; Synchronization's Mutex is noncopyable and awkward to store in classes
/// that must also be Sendable on Linux toolchains, so this is the one lock type of the project.
public final class Mutex: @unchecked Sendable {
    private var raw = pthread_mutex_t()
    public init() { pthread_mutex_init(&raw, nil) }
    deinit { pthread_mutex_destroy(&raw) }

    @inline(__always)
    public func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(&raw)
        defer { pthread_mutex_unlock(&raw) }
        return try body()
    }
}
