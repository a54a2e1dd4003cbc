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
        let t = Timestamp(nanosecondsSinceEpoch: ns)
        let within = ns - t.utcDayNumber * 86_400_000_000_000
        let seconds = within / 1_000_000_000
        // The date as digits, not through `utcDate`'s String: equity.csv formats one per bar.
        let (year, month, day) = CivilDate.fromDays(t.utcDayNumber)
        if (0...9999).contains(year) {
            digits(year, 4, &out)
            out.append(UInt8(ascii: "-"))
            digits(month, 2, &out)
            out.append(UInt8(ascii: "-"))
            digits(day, 2, &out)
        } else {
            out.append(contentsOf: t.utcDate.utf8)
        }
        out.append(UInt8(ascii: " "))
        digits(seconds / 3600, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(seconds / 60 % 60, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(seconds % 60, 2, &out)
        out.append(UInt8(ascii: "."))
        digits(within % 1_000_000_000 / 1000, 6, &out)
    }

    private static func digits(_ value: Int64, _ width: Int, _ out: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(48 + (value / divisor) % 10))
            divisor /= 10
        }
    }
}
