import NjordCore

#if canImport(Glibc)
    import Glibc
#endif

/// Reads `timestamp,open,high,low,close,volume` CSV into a ``BarSeries`` in one pass over the bytes.
/// The timestamp is `YYYY-mm-dd HH:MM:SS[.f…]` (UTC) or an epoch integer in ms, µs or ns (told by
/// magnitude); decimals are plain and exact to 8 digits. Any bad row fails the load, naming its line.
public enum BarCSVReader {
    public static let header = "timestamp,open,high,low,close,volume"

    public static func read(path: String) throws(BacktestDataError) -> BarSeries {
        try withContents(of: path) { bytes in
            Result { () throws(BacktestDataError) in try parse(bytes, source: path) }
        }.get()
    }

    /// The whole file at `path` handed to `body` (``FileRead``), a failure to read it named as
    /// this module's error. Regular files only.
    static func withContents<R>(
        of path: String, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) throws(BacktestDataError) -> R {
        do {
            return try FileRead.withContents(of: path, requireRegularFile: true, body)
        } catch {
            let reason =
                switch error {
                case .open(let code): code == ENOENT ? "no such file or not readable" : String(cString: strerror(code))
                case .notRegularFile: "not a regular file"
                case .read(let code): String(cString: strerror(code))
                }
            throw .unreadable(path: path, reason: reason)
        }
    }

    /// Parses CSV bytes; `source` names them in errors.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, source: String) throws(BacktestDataError) -> BarSeries
    {
        var series = BarSeries()
        series.reserveCapacity(bytes.count / 60)
        var start = 0
        var line = 0
        var previousTime = Int64.min
        var fieldEnds = [Int](repeating: 0, count: 6)
        while start < bytes.count {
            // One pass over the line finds its end and its commas.
            var fields = 0
            var end = start
            while end < bytes.count {
                let byte = bytes[end]
                if byte == UInt8(ascii: "\n") { break }
                if byte == UInt8(ascii: ","), fields < 6 {
                    if fields < 5 { fieldEnds[fields] = end }
                    fields += 1
                }
                end += 1
            }
            let next = end + 1
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            line += 1
            defer { start = next }
            if line == 1 {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                guard text == header else { throw .badHeader(path: source, found: String(text.prefix(80))) }
                continue
            }
            if end == start { continue }  // a blank line (e.g. at the end) carries no bar
            guard fields <= 5 else { throw .badRow(path: source, line: line, reason: "more than 6 fields") }
            guard fields == 5 else {
                throw .badRow(path: source, line: line, reason: "expected 6 fields, found \(fields + 1)")
            }
            fieldEnds[5] = end
            guard let time = parseTime(UnsafeBufferPointer(rebasing: bytes[start..<fieldEnds[0]])) else {
                throw .badRow(path: source, line: line, reason: "bad timestamp")
            }
            guard time > previousTime else { throw .outOfOrder(path: source, line: line) }
            previousTime = time
            var values: (Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0)
            for k in 1...5 {
                let field = UnsafeBufferPointer(rebasing: bytes[(fieldEnds[k - 1] + 1)..<fieldEnds[k]])
                let raw: Int64
                if let plain = plainRaw(field) {
                    raw = plain
                } else {
                    raw = try generalRaw(field, column: k, line: line, source: source, into: &series)
                }
                switch k {
                case 1: values.0 = raw
                case 2: values.1 = raw
                case 3: values.2 = raw
                case 4: values.3 = raw
                default: values.4 = raw
                }
            }
            series.append(
                time: time, open: values.0, high: values.1, low: values.2, close: values.3, volume: values.4)
        }
        guard line > 0 else { throw .badHeader(path: source, found: "") }
        guard !series.isEmpty else { throw .noBars(source: source) }
        return series
    }

    /// The raw value of a field `plainRaw` left to the general parser: any plain decimal, a volume
    /// with float noise rounded (and counted in `series`), or an error naming the column.
    static func generalRaw(
        _ field: UnsafeBufferPointer<UInt8>, column k: Int, line: Int, source: String, into series: inout BarSeries
    ) throws(BacktestDataError) -> Int64 {
        var value: Fixed
        do { value = try Fixed(utf8: field) } catch {
            // Exported volumes carry float noise (218102.59507500002); volume is not money
            // the engine settles, so it is rounded half-even and counted. Prices never are.
            guard k == 5, error == .tooManyFractionDigits, let rounded = roundedHalfEven(field) else {
                throw .badRow(path: source, line: line, reason: "\(columnName(k)): \(error)")
            }
            value = rounded
            series.roundedVolumes += 1
        }
        guard let raw = BarSeries.rawInt64(value), raw >= 0 else {
            throw .badRow(path: source, line: line, reason: "\(columnName(k)): out of range")
        }
        return raw
    }

    /// The raw value (× 10^8) of the common field — digits, then optionally `.` and 1 to 8
    /// digits, at most 10 whole digits — in Int64 arithmetic; nil for anything else, which the
    /// general parser then accepts or names (signs, exponents, long fractions, huge values).
    @inline(__always)
    static func plainRaw(_ field: UnsafeBufferPointer<UInt8>) -> Int64? {
        let count = field.count
        var i = 0
        var whole: Int64 = 0
        while i < count {
            let d = field[i] &- 48
            if d > 9 { break }
            whole = whole &* 10 &+ Int64(d)
            i += 1
        }
        guard i > 0, i <= 10 else { return nil }
        guard i < count else { return whole &* 100_000_000 }
        guard field[i] == UInt8(ascii: ".") else { return nil }
        i += 1
        let fractionStart = i
        var fraction: Int64 = 0
        while i < count {
            let d = field[i] &- 48
            if d > 9 { return nil }
            fraction = fraction &* 10 &+ Int64(d)
            i += 1
        }
        let digits = i - fractionStart
        guard digits >= 1, digits <= 8 else { return nil }
        return whole &* 100_000_000 &+ fraction &* Self.fractionScale[digits]
    }

    /// 10^(8 - digits): what a fraction of `digits` digits is multiplied by to make 8.
    private static let fractionScale: [Int64] = [
        100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1,
    ]

    /// A plain decimal with more than 8 fractional digits, rounded half-even to 8.
    static func roundedHalfEven(_ field: UnsafeBufferPointer<UInt8>) -> Fixed? {
        guard let dot = field.firstIndex(of: UInt8(ascii: ".")), field.count - dot - 1 > 8 else { return nil }
        let cut = dot + 9
        guard var value = try? Fixed(utf8: UnsafeBufferPointer(rebasing: field[..<cut])) else { return nil }
        let rest = field[cut...]
        guard rest.allSatisfy({ $0 &- 48 <= 9 }) else { return nil }
        let first = rest.first! &- 48
        let tail = rest.dropFirst().contains { $0 != UInt8(ascii: "0") }
        let lastKeptOdd = (field[cut - 1] &- 48) % 2 == 1
        if first > 5 || (first == 5 && (tail || lastKeptOdd)) {
            value += value.isNegative ? -.ulp : .ulp
        }
        return value
    }

    private static func columnName(_ k: Int) -> String {
        ["timestamp", "open", "high", "low", "close", "volume"][k]
    }

    /// Nanoseconds since the epoch, or nil when the field is neither form (see `DateTimeText`).
    static func parseTime(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !b.isEmpty else { return nil }
        if b.count >= 19, b[4] == UInt8(ascii: "-") { return DateTimeText.parseDateTime(b) }
        var value: Int64 = 0
        for byte in b {
            let d = byte &- 48
            guard d <= 9, value < 100_000_000_000_000_000 else { return nil }
            value = value * 10 + Int64(d)
        }
        return DateTimeText.epochNanoseconds(value)
    }

    /// `YYYY-mm-dd HH:MM:SS.ffffff` (UTC, microseconds): the form the bar files use.
    public static func formatTime(_ ns: Int64, into out: inout [UInt8]) {
        DateTimeText.formatDateTime(ns, into: &out)
    }
}
