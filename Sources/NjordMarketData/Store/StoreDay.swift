import NjordCore

/// UTC day names (`YYYY-MM-DD`) and their day numbers, as file names use them.
public enum StoreDay {
    public static let nanosecondsPerDay: Int64 = 86_400_000_000_000

    /// Days since 1970-01-01 of a `YYYY-MM-DD` name; nil when it is not one.
    public static func dayNumber(_ name: some StringProtocol) -> Int64? {
        let b = Array(name.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        var parts: [Int64] = []
        for r in [0..<4, 5..<7, 8..<10] {
            var v: Int64 = 0
            for i in r {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int64(b[i] - 48)
            }
            parts.append(v)
        }
        guard (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return CivilDate.toDays(parts[0], parts[1], parts[2])
    }

    public static func name(_ dayNumber: Int64) -> String {
        Timestamp(nanosecondsSinceEpoch: dayNumber * nanosecondsPerDay).utcDate
    }
}
