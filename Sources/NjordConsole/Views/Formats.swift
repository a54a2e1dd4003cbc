import NjordCore

/// How numbers, times and charts are written on screen. Money stays exact: ``Fixed`` values are
/// rounded in fixed point, never through `Double`; `Double` only draws (bars, sparklines, %).
enum Formats {
    /// `value` rounded half away from zero to `places` decimals, written with exactly that many.
    static func fixed(_ value: Fixed, places: Int) -> String {
        let step = Fixed(mantissa: 1, exponent: places)
        let rounded = value.rounded(toMultipleOf: step, .toNearestOrAwayFromZero)
        var text = rounded.description
        guard places > 0 else { return text }
        if let dot = text.firstIndex(of: ".") {
            let have = text.distance(from: dot, to: text.endIndex) - 1
            text += String(repeating: "0", count: places - have)
        } else {
            text += "." + String(repeating: "0", count: places)
        }
        return text
    }

    static func optional(_ value: Fixed?) -> String { value.map(\.description) ?? "—" }

    /// A signed amount with 2 decimals: `+12.50`, `-3.00`.
    static func signed(_ value: Fixed) -> String {
        (value.isNegative ? "" : "+") + fixed(value, places: 2)
    }

    static func style(for value: Fixed) -> CellStyle {
        value.isNegative ? CellStyle(.down) : value.isZero ? .normal : CellStyle(.up)
    }

    /// Percent change from `reference` to `value`, two decimals, signed.
    static func change(_ value: Fixed?, from reference: Fixed?) -> (String, CellStyle) {
        guard let value, let reference, !reference.isZero else { return ("—", CellStyle(.muted)) }
        let percent = (value.doubleValue / reference.doubleValue - 1) * 100
        let text = (percent >= 0 ? "+" : "") + String(format2: percent) + "%"
        return (text, percent > 0 ? CellStyle(.up) : percent < 0 ? CellStyle(.down) : .normal)
    }

    /// `HH:MM:SS` UTC.
    static func clock(_ time: Timestamp) -> String {
        let iso = time.iso8601  // 2024-08-09T00:05:05.800Z
        guard let t = iso.firstIndex(of: "T") else { return iso }
        return String(iso[iso.index(after: t)...].prefix(8))
    }

    /// `0.4s`, `12s`, `3m`, `2h`, `5d`.
    static func age(_ nanoseconds: Int64) -> String {
        let ms = nanoseconds / 1_000_000
        if ms < 10_000 { return "\(ms / 1000).\((ms % 1000) / 100)s" }
        let s = ms / 1000
        if s < 120 { return "\(s)s" }
        if s < 7200 { return "\(s / 60)m" }
        if s < 172_800 { return "\(s / 3600)h" }
        return "\(s / 86400)d"
    }

    /// A horizontal bar of `fraction` (0…1) in `width` cells, with eighth-cell precision.
    static func bar(_ fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let eighths = Int((clamped * Double(width * 8)).rounded())
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var text = String(repeating: "█", count: eighths / 8)
        if eighths % 8 > 0 { text += partials[eighths % 8] }
        return text
    }

    /// The last `width` values as a sparkline of block characters, scaled between their min and max.
    static func sparkline(_ values: [Double], width: Int) -> String {
        guard width > 0, !values.isEmpty else { return "" }
        let shown = values.suffix(width)
        let low = shown.min()!, high = shown.max()!
        let blocks = Array("▁▂▃▄▅▆▇█")
        return String(
            shown.map { v in
                high > low ? blocks[min(7, Int((v - low) / (high - low) * 7.999))] : blocks[3]
            })
    }

    /// A count with thousands grouped by spaces: `12 345`.
    static func count(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(" ") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}

extension String {
    /// Two decimals without Foundation's locale-dependent formatting.
    init(format2 value: Double) {
        let scaled = (abs(value) * 100).rounded()
        let whole = Int64(scaled / 100), cents = Int64(scaled.truncatingRemainder(dividingBy: 100))
        self = (value < 0 && scaled > 0 ? "-" : "") + "\(whole)." + (cents < 10 ? "0" : "") + "\(cents)"
    }
}

extension Formats {
    /// A statistic (Double, from metrics.json or a chart): whole numbers as they are, 2 decimals,
    /// or 4 significant ones below 0.01 (per-trade averages), `—` when absent or not finite.
    static func metric(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        if value == value.rounded(), abs(value) < 1e15 { return "\(Int64(value))" }
        if abs(value) < 0.01 {
            var scale = 1.0
            var places = 0
            while abs(value) * scale < 1000, places < 12 {
                scale *= 10
                places += 1
            }
            let digits = Int64((abs(value) * scale).rounded())
            let text = String(repeating: "0", count: max(0, places - String(digits).count)) + String(digits)
            return (value < 0 ? "-" : "") + "0." + text
        }
        return String(format2: value)
    }

    /// A fraction as a percentage with 2 decimals.
    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format2: value * 100) + "%"
    }
}
