import NjordCore

/// Where a record starts: the UTC day of its file and the byte offset in that day's uncompressed
/// content. Positions order records across the whole stream, so a reader can resume from one.
public struct JournalPosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// UTC day number (days since 1970-01-01).
    public var day: Int64
    /// Byte offset in the day's uncompressed content.
    public var offset: UInt64

    public init(day: Int64, offset: UInt64 = 0) {
        self.day = day
        self.offset = offset
    }

    /// A position at `offset` of the day named `YYYY-MM-DD`.
    public init(date: String, offset: UInt64 = 0) throws {
        guard let day = JournalDay.parse(date) else { throw JournalError.invalidDay(date) }
        self.init(day: day, offset: offset)
    }

    /// `YYYY-MM-DD` of the day.
    public var date: String { JournalDay.format(day) }

    /// The position just past a record of `length` bytes that starts here (skipping its `\n`):
    /// where to resume to read the records after it.
    public func afterRecord(ofLength length: Int) -> JournalPosition {
        JournalPosition(day: day, offset: offset + UInt64(length) + 1)
    }

    public static func < (lhs: JournalPosition, rhs: JournalPosition) -> Bool {
        (lhs.day, lhs.offset) < (rhs.day, rhs.offset)
    }

    public var description: String { "\(date)@\(offset)" }
}

/// UTC day numbers and their `YYYY-MM-DD` names.
enum JournalDay {
    static func format(_ day: Int64) -> String {
        Timestamp(nanosecondsSinceEpoch: day * 86_400_000_000_000).utcDate
    }

    static func parse(_ text: some StringProtocol) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func num(_ r: Range<Int>) -> Int64? {
            var v: Int64 = 0
            for i in r {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int64(b[i] - 48)
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), (1...12).contains(m),
            (1...31).contains(d)
        else { return nil }
        let day = CivilDate.toDays(y, m, d)
        // Reject dates like 2024-02-31 that the formula would silently roll into March.
        return format(day) == String(decoding: b, as: UTF8.self) ? day : nil
    }
}
