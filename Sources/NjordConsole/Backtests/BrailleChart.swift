/// Line charts in Unicode braille (U+2800–U+28FF): each cell holds 2×4 dots, so a chart of `width`
/// cells plots `2 × width` points on `4 × height` levels. Consecutive points are joined by filling
/// the dots between their levels, so steep moves stay connected.
public enum BrailleChart {
    /// The dot bits of a braille cell by dot column (0, 1) and dot row (0 top … 3 bottom).
    static let dotBits: [[UInt32]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// `height` strings of `width` braille characters, top row first, plotting `values` scaled
    /// between their min and max (or between `range` when given). Empty values give blank cells.
    public static func render(_ values: [Double], width: Int, height: Int, range: ClosedRange<Double>? = nil)
        -> [String]
    {
        guard width > 0, height > 0 else { return [] }
        var cells = Array(repeating: Array(repeating: UInt32(0), count: width), count: height)
        let points = downsample(values.filter(\.isFinite), to: width * 2)
        if let low = range?.lowerBound ?? points.min(), let high = range?.upperBound ?? points.max() {
            let levels = height * 4
            func level(_ v: Double) -> Int {
                guard high > low else { return levels / 2 }
                return min(levels - 1, max(0, Int(((v - low) / (high - low) * Double(levels - 1)).rounded())))
            }
            var previous: Int?
            for (x, value) in points.enumerated() {
                let current = level(value)
                let from = previous.map { $0 < current ? $0 + 1 : $0 > current ? $0 - 1 : current } ?? current
                for y in min(from, current)...max(from, current) {
                    // Level 0 is the bottom dot of the bottom row.
                    let fromTop = levels - 1 - y
                    cells[fromTop / 4][x / 2] |= dotBits[x % 2][fromTop % 4]
                }
                previous = current
            }
        }
        return cells.map { row in String(String.UnicodeScalarView(row.map { Unicode.Scalar(0x2800 + $0)! })) }
    }

    /// At most `count` values picked evenly from `values`, first and last kept.
    public static func downsample(_ values: [Double], to count: Int) -> [Double] {
        guard count > 0 else { return [] }
        guard values.count > count else { return values }
        if count == 1 { return [values[values.count - 1]] }
        return (0..<count).map { values[$0 * (values.count - 1) / (count - 1)] }
    }

    /// Exactly `count` values: ``downsample(_:to:)`` when there are more, else linear interpolation
    /// between neighbours (first and last kept), so a short curve still spans the chart's width.
    public static func resample(_ values: [Double], to count: Int) -> [Double] {
        guard count > 0, values.count > 1, values.count < count else { return downsample(values, to: count) }
        return (0..<count).map { i in
            let position = Double(i) * Double(values.count - 1) / Double(count - 1)
            let left = min(Int(position), values.count - 2)
            let weight = position - Double(left)
            return values[left] + (values[left + 1] - values[left]) * weight
        }
    }

    /// The drawdown at each point: equity over its running peak, less one (0 at a new high, negative below).
    public static func drawdown(_ equity: [Double]) -> [Double] {
        var peak = -Double.infinity
        return equity.map { value in
            peak = max(peak, value)
            return peak > 0 ? value / peak - 1 : 0
        }
    }
}
