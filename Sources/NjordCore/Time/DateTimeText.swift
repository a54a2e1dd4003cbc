/// The time fields of CSV layouts (bar files, Binance trades and klines): epoch integers whose unit
/// is told by magnitude, and `YYYY-mm-dd HH:MM:SS[.fffffffff]` text, both UTC. One parser for the
/// store's importer and the backtester's CSV reader.
public enum DateTimeText {
    /// Nanoseconds from an epoch integer: below 10^14 it is milliseconds, below 10^17 microseconds,
    /// otherwise nanoseconds. Nil when it would overflow.
    public static func epochNanoseconds(_ value: Int64) -> Int64? {
        let (scaled, overflow) = value.multipliedReportingOverflow(by: unitNanoseconds(value))
        return overflow ? nil : scaled
    }

    /// How many nanoseconds one unit of `value` is (see ``epochNanoseconds(_:)``).
    public static func unitNanoseconds(_ value: Int64) -> Int64 {
        value < 100_000_000_000_000 ? 1_000_000 : value < 100_000_000_000_000_000 ? 1000 : 1
    }

    /// Parses `YYYY-mm-dd HH:MM:SS` (a space or `T` between date and time) with an optional `.` and
    /// 1–9 fraction digits; nil for anything else.
    public static func parseDateTime(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"),
            b[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ r: Range<Int>) -> Int64? {
            var v: Int64 = 0
            for i in r {
                let d = b[i] &- 48
                guard d <= 9 else { return nil }
                v = v * 10 + Int64(d)
            }
            return v
        }
        guard let y = number(0..<4), let mo = number(5..<7), let d = number(8..<10), let h = number(11..<13),
            let mi = number(14..<16), let s = number(17..<19), (1...12).contains(mo), (1...31).contains(d), h < 24,
            mi < 60, s < 60
        else { return nil }
        var fraction: Int64 = 0
        if b.count > 19 {
            let digits = b.count - 20
            guard b[19] == UInt8(ascii: "."), (1...9).contains(digits), let f = number(20..<b.count) else { return nil }
            fraction = f
            for _ in digits..<9 { fraction *= 10 }
        }
        return (CivilDate.toDays(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s) * 1_000_000_000 + fraction
    }

    /// Appends `YYYY-mm-dd HH:MM:SS.ffffff` (microseconds), the bar files' form.
    public static func formatDateTime(_ ns: Int64, into out: inout [UInt8]) {
        append(ns, separator: UInt8(ascii: " "), fractionDigits: 6, zulu: false, into: &out)
    }

    /// Appends `YYYY-mm-ddTHH:MM:SS.fffZ` (milliseconds), ``Timestamp/iso8601``'s form.
    public static func formatISO8601(_ ns: Int64, into out: inout [UInt8]) {
        append(ns, separator: UInt8(ascii: "T"), fractionDigits: 3, zulu: true, into: &out)
    }

    /// The date, `separator`, the time of day and the second's first `fractionDigits` digits. The
    /// text is put together in a stack buffer and appended once: equity.csv and the run's NDJSON
    /// format one per bar or order, and an append per digit (each with its uniqueness and capacity
    /// checks) was a tenth of a sweep job.
    private static func append(
        _ ns: Int64, separator: UInt8, fractionDigits: Int, zulu: Bool, into out: inout [UInt8]
    ) {
        let t = Timestamp(nanosecondsSinceEpoch: ns)
        let within = ns - t.utcDayNumber * 86_400_000_000_000
        let seconds = within / 1_000_000_000
        let (year, month, day) = CivilDate.fromDays(t.utcDayNumber)
        var fraction = within % 1_000_000_000
        for _ in fractionDigits..<9 { fraction /= 10 }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { b in
            func put(_ value: Int64, _ at: Int, _ width: Int) {
                var v = value
                for i in stride(from: at + width - 1, through: at, by: -1) {
                    b[i] = UInt8(truncatingIfNeeded: 48 + v % 10)
                    v /= 10
                }
            }
            var o = 0
            if (0...9999).contains(year) {
                put(year, 0, 4)
                b[4] = UInt8(ascii: "-")
                put(month, 5, 2)
                b[7] = UInt8(ascii: "-")
                put(day, 8, 2)
                o = 10
            } else {
                // Outside four-digit years: the general form of the date, then the time as usual.
                out.append(contentsOf: t.utcDate.utf8)
            }
            b[o] = separator
            put(seconds / 3600, o + 1, 2)
            b[o + 3] = UInt8(ascii: ":")
            put(seconds / 60 % 60, o + 4, 2)
            b[o + 6] = UInt8(ascii: ":")
            put(seconds % 60, o + 7, 2)
            b[o + 9] = UInt8(ascii: ".")
            put(fraction, o + 10, fractionDigits)
            var count = o + 10 + fractionDigits
            if zulu {
                b[count] = UInt8(ascii: "Z")
                count += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[0..<count]))
        }
    }
}
