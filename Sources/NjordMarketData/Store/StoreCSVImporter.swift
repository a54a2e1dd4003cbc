public import NjordCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the CSV layouts of ``StoreCSVLayout`` into store records. A bad row is counted and named
/// (file, line, field, reason) and skipped; the caller decides whether any bad row fails the import.
public enum StoreCSVImporter {
    public static let maxProblemsKept = 100

    /// Reads `file`. `interval` sets the bar length of the timestamp layout (detected from the
    /// smallest gap between rows when nil); klines carry their own.
    /// `roundExcessDigits` rounds decimals with more than 8 fractional digits half-even (counted in
    /// ``StoreCSVImport/roundedFields``) instead of reporting their rows as bad: an explicit, lossy opt-in
    /// for sources with float noise such as `218102.59507500002`.
    public static func read(
        file: String, interval: BarInterval? = nil, roundExcessDigits: Bool = false
    ) throws -> StoreCSVImport {
        let bytes = try readAll(file)
        return try parse(bytes, file: file, interval: interval, roundExcessDigits: roundExcessDigits)
    }

    /// Parses CSV bytes; `file` names problems.
    public static func parse(
        _ bytes: [UInt8], file: String, interval: BarInterval? = nil, roundExcessDigits: Bool = false
    ) throws -> StoreCSVImport {
        try bytes.withUnsafeBufferPointer { buffer in
            try parse(buffer, file: file, interval: interval, roundExcessDigits: roundExcessDigits)
        }
    }

    static func parse(
        _ b: UnsafeBufferPointer<UInt8>, file: String, interval: BarInterval?, roundExcessDigits: Bool
    ) throws -> StoreCSVImport {
        var lines: [(number: Int, range: Range<Int>)] = []
        var start = 0
        var number = 0
        for i in 0...b.count where i == b.count || b[i] == UInt8(ascii: "\n") {
            number += 1
            var end = i
            if end > start && b[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            if end > start { lines.append((number, start..<end)) }
            start = i + 1
        }
        guard let first = lines.first else { throw StoreImportError.empty(file: file) }
        let firstText = String(decoding: UnsafeBufferPointer(rebasing: b[first.range]), as: UTF8.self)
        let firstFields = firstText.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let (layout, header) = StoreCSVLayout.detect(firstFields) else {
            throw StoreImportError.unknownLayout(file: file, firstLine: firstText)
        }
        let data = header ? lines.dropFirst() : lines[...]
        guard !data.isEmpty else { throw StoreImportError.empty(file: file) }
        var result = StoreCSVImport(file: file, layout: layout, kind: .trades)
        var row = RowParser(base: b, file: file, layout: layout, roundExcessDigits: roundExcessDigits)
        var klineInterval: Int64?
        for line in data {
            result.rows += 1
            row.split(line.range, line: line.number)
            do {
                switch layout {
                case .binanceTrades:
                    result.trades.append(try row.trade())
                case .binanceKlines:
                    let (bar, length) = try row.kline()
                    if klineInterval == nil { klineInterval = length }
                    guard length == klineInterval else {
                        throw row.problem(6, "bar length \(length) ns differs from the file's \(klineInterval!) ns")
                    }
                    result.bars.append(bar)
                case .timestampBars:
                    result.bars.append(try row.timestampBar())
                }
            } catch let problem as StoreCSVProblem {
                result.problemCount += 1
                if result.problems.count < maxProblemsKept { result.problems.append(problem) }
            }
        }
        result.roundedFields = row.rounded
        switch layout {
        case .binanceTrades:
            result.kind = .trades
        case .binanceKlines:
            let ns = klineInterval ?? BarInterval.oneMinute.nanoseconds
            guard let found = BarInterval.allCases.first(where: { $0.nanoseconds == ns }) else {
                throw StoreImportError.badRows(
                    count: result.rows,
                    problems: [
                        StoreCSVProblem(
                            file: file, line: data.first!.number, field: "close_time",
                            reason: "bar length \(ns) ns is not one of 1s, 1m, 1h, 1d")
                    ])
            }
            result.kind = .bars(found)
        case .timestampBars:
            result.kind = .bars(interval ?? detectInterval(result.bars))
        }
        return result
    }

    /// The smallest positive gap between consecutive bars, when it is a known interval; else 1m.
    static func detectInterval(_ bars: [StoredBar]) -> BarInterval {
        var gap = Int64.max
        for i in bars.indices.dropFirst() {
            let d = bars[i].openTime.nanosecondsSinceEpoch - bars[i - 1].openTime.nanosecondsSinceEpoch
            if d > 0 { gap = min(gap, d) }
        }
        return BarInterval.allCases.first { $0.nanoseconds == gap } ?? .oneMinute
    }

    static func readAll(_ file: String) throws -> [UInt8] {
        do {
            return try FileRead.withContents(of: file) { Array($0) }
        } catch {
            throw StoreImportError.unreadable(file: file, errno: error.code)
        }
    }
}

/// Splits one line into fields and parses them by layout, naming the field of any problem.
struct RowParser {
    let base: UnsafeBufferPointer<UInt8>
    let file: String
    let layout: StoreCSVLayout
    let roundExcessDigits: Bool
    var fields: [Range<Int>] = []
    var line = 0
    var rounded = 0

    init(base: UnsafeBufferPointer<UInt8>, file: String, layout: StoreCSVLayout, roundExcessDigits: Bool) {
        self.base = base
        self.file = file
        self.layout = layout
        self.roundExcessDigits = roundExcessDigits
    }

    mutating func split(_ range: Range<Int>, line: Int) {
        self.line = line
        fields.removeAll(keepingCapacity: true)
        var start = range.lowerBound
        for i in range where base[i] == UInt8(ascii: ",") {
            fields.append(start..<i)
            start = i + 1
        }
        fields.append(start..<range.upperBound)
    }

    func problem(_ field: Int, _ reason: String) -> StoreCSVProblem {
        StoreCSVProblem(file: file, line: line, field: layout.columnName(field), reason: reason)
    }

    func text(_ i: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: base[fields[i]]), as: UTF8.self) }

    func requireColumns(_ allowed: ClosedRange<Int>) throws {
        guard allowed.contains(fields.count) else {
            throw StoreCSVProblem(
                file: file, line: line, field: "(row)",
                reason:
                    "expected \(allowed.lowerBound == allowed.upperBound ? "\(allowed.lowerBound)" : "\(allowed.lowerBound)–\(allowed.upperBound)") columns, found \(fields.count)"
            )
        }
    }

    mutating func decimal(_ i: Int) throws -> Fixed {
        let b = UnsafeBufferPointer(rebasing: base[fields[i]])
        do {
            return try Fixed(utf8: b)
        } catch FixedPointError.tooManyFractionDigits where roundExcessDigits {
            if let value = Self.roundedHalfEven(b) {
                rounded += 1
                return value
            }
            throw problem(i, "'\(text(i))' is not a decimal")
        } catch {
            throw problem(i, "'\(text(i))' is not a decimal (\(error))")
        }
    }

    /// A plain decimal with more than 8 fractional digits, rounded half-even to 8.
    static func roundedHalfEven(_ b: UnsafeBufferPointer<UInt8>) -> Fixed? {
        guard let dot = b.firstIndex(of: UInt8(ascii: ".")), b.count > dot + 9 else { return nil }
        guard let kept = try? Fixed(utf8: UnsafeBufferPointer(rebasing: b[..<(dot + 9)])) else { return nil }
        let excess = b[(dot + 9)...]
        guard excess.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let first = excess.first! - 48
        let restNonZero = excess.dropFirst().contains { $0 != 48 }
        let lastKeptOdd = (b[dot + 8] - 48) % 2 == 1
        guard first > 5 || (first == 5 && (restNonZero || lastKeptOdd)) else { return kept }
        return Fixed(raw: kept.raw + (kept.raw < 0 || b.first == UInt8(ascii: "-") ? -1 : 1))
    }

    func integer(_ i: Int) throws -> Int64 {
        let b = UnsafeBufferPointer(rebasing: base[fields[i]])
        var v: Int64 = 0
        var negative = false
        for (k, c) in b.enumerated() {
            if k == 0 && c == UInt8(ascii: "-") && b.count > 1 {
                negative = true
                continue
            }
            let d = c &- 48
            guard d <= 9 else { throw problem(i, "'\(text(i))' is not an integer") }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { throw problem(i, "'\(text(i))' is out of range") }
            v = s
        }
        guard !b.isEmpty else { throw problem(i, "empty") }
        return negative ? -v : v
    }

    func epoch(_ i: Int) throws -> Int64 {
        let v = try integer(i)
        guard v >= 0, let ns = DateTimeText.epochNanoseconds(v) else {
            throw problem(i, "'\(text(i))' is not an epoch time")
        }
        return ns
    }

    func bool(_ i: Int) throws -> Bool {
        switch text(i).lowercased() {
        case "true": return true
        case "false": return false
        default: throw problem(i, "'\(text(i))' is not true or false")
        }
    }

    mutating func trade() throws -> StoredTrade {
        try requireColumns(6...9)
        let id = try integer(0)
        let price = try decimal(1)
        let qty = try decimal(2)
        let time = try epoch(4)
        let buyerIsMaker = try bool(5)
        return StoredTrade(
            time: Timestamp(nanosecondsSinceEpoch: time), tradeId: id, price: price, qty: qty,
            side: buyerIsMaker ? .sell : .buy)
    }

    mutating func kline() throws -> (StoredBar, Int64) {
        try requireColumns(12...12)
        let open = try epoch(0)
        let rawOpen = try integer(0)
        let close = try epoch(6)
        let length = close - open + DateTimeText.unitNanoseconds(rawOpen)
        guard length > 0 else { throw problem(6, "close time is before open time") }
        let bar = StoredBar(
            openTime: Timestamp(nanosecondsSinceEpoch: open), open: try decimal(1), high: try decimal(2),
            low: try decimal(3), close: try decimal(4), volume: try decimal(5), trades: try integer(8))
        return (bar, length)
    }

    mutating func timestampBar() throws -> StoredBar {
        try requireColumns(6...6)
        guard let t = DateTimeText.parseDateTime(UnsafeBufferPointer(rebasing: base[fields[0]])) else {
            throw problem(0, "'\(text(0))' is not YYYY-mm-dd HH:MM:SS[.ffffff]")
        }
        return StoredBar(
            openTime: Timestamp(nanosecondsSinceEpoch: t), open: try decimal(1), high: try decimal(2),
            low: try decimal(3), close: try decimal(4), volume: try decimal(5), trades: 0)
    }
}
