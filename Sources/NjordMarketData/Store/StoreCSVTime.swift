import NjordCore

/// The time fields of the CSV layouts: epoch integers in ms/µs/ns and `YYYY-mm-dd HH:MM:SS[.ffffff]`.
enum StoreCSVTime {
    /// Nanoseconds from an epoch integer, its unit told by magnitude: < 10^14 ms, < 10^17 µs, else ns.
    static func epochNanoseconds(_ value: Int64) -> Int64? {
        if value < 100_000_000_000_000 {
            return value.multipliedReportingOverflow(by: 1_000_000).overflow ? nil : value * 1_000_000
        }
        if value < 100_000_000_000_000_000 { return value * 1000 }
        return value
    }

    /// The nanoseconds one unit of `value`'s magnitude is (see ``epochNanoseconds(_:)``).
    static func unitNanoseconds(_ value: Int64) -> Int64 {
        value < 100_000_000_000_000 ? 1_000_000 : value < 100_000_000_000_000_000 ? 1000 : 1
    }

    /// Parses `YYYY-mm-dd HH:MM:SS` with an optional `.` and 1–9 fraction digits, UTC.
    static func parseDateTime(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"),
            b[16] == UInt8(ascii: ":")
        else { return nil }
        func num(_ r: Range<Int>) -> Int64? {
            var v: Int64 = 0
            for i in r {
                let d = b[i] &- 48
                guard d <= 9 else { return nil }
                v = v * 10 + Int64(d)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13),
            let mi = num(14..<16), let s = num(17..<19), (1...12).contains(mo), (1...31).contains(d), h < 24,
            mi < 60, s < 60
        else { return nil }
        var fraction: Int64 = 0
        if b.count > 19 {
            let digits = b.count - 20
            guard b[19] == UInt8(ascii: "."), (1...9).contains(digits), let f = num(20..<b.count) else { return nil }
            fraction = f * StoreColumns.powersOfTen[9 - digits]
        }
        let days = CivilDate.toDays(y, mo, d)
        return (days * 86_400 + h * 3600 + mi * 60 + s) * 1_000_000_000 + fraction
    }

    /// `YYYY-mm-dd HH:MM:SS.ffffff` (microseconds), the bar layout's form.
    static func formatDateTime(_ ns: Int64, into out: inout [UInt8]) {
        let t = Timestamp(nanosecondsSinceEpoch: ns)
        let dayStart = t.utcDayNumber * 86_400_000_000_000
        let within = ns - dayStart
        let seconds = within / 1_000_000_000
        let micros = within % 1_000_000_000 / 1000
        out.append(contentsOf: t.utcDate.utf8)
        out.append(UInt8(ascii: " "))
        digits(seconds / 3600, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(seconds / 60 % 60, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(seconds % 60, 2, &out)
        out.append(UInt8(ascii: "."))
        digits(micros, 6, &out)
    }

    private static func digits(_ value: Int64, _ width: Int, _ out: inout [UInt8]) {
        var k = width - 1
        while k >= 0 {
            out.append(UInt8(48 + (value / StoreColumns.powersOfTen[k]) % 10))
            k -= 1
        }
    }
}
