import Foundation

/// A `Double` written with a fixed number of decimals, byte for byte as C's `%.Nf` writes it
/// (glibc: the exact binary value rounded half to even), without Foundation's formatter.
///
/// The report draws 1,600 chart points and up to 1,000 trade returns per run; `String(format:)`
/// goes through CoreFoundation's format parser and a new string per call, and was a third of a
/// sweep job's writing time. Only statistics and chart coordinates pass through here: money is
/// `Fixed` and is written by `Fixed.write(to:)`.
enum RoundedDecimalText {
    /// Appends `value` with `fractionDigits` (1–6) decimals. Values this path cannot place exactly
    /// (not finite, or too large for the integer steps below) go to `String(format:)`, so the text
    /// is the same for every value.
    static func append(_ value: Double, fractionDigits: Int, into out: inout [UInt8]) {
        precondition((1...6).contains(fractionDigits), "fractionDigits \(fractionDigits) outside 1...6")
        let scale = Self.scales[fractionDigits]
        let magnitude = abs(value)
        // Below 2^50 the scaled value, its neighbours and 2n + 1 are all exact doubles.
        guard value.isFinite, magnitude * scale < 0x1p50 else {
            out.append(contentsOf: String(format: "%.\(fractionDigits)f", value).utf8)
            return
        }
        // n = floor(magnitude × scale), made exact: each fma rounds once, which keeps the sign of
        // the exact difference, so the comparisons are exact even where the product is not.
        var n = (magnitude * scale).rounded(.down)
        if (-n).addingProduct(magnitude, scale) < 0 {
            n -= 1
        } else if (-(n + 1)).addingProduct(magnitude, scale) >= 0 {
            n += 1
        }
        // Against the midpoint n + ½: above rounds up, a tie goes to the even neighbour.
        let aboveMidpoint = (-(2 * n + 1)).addingProduct(magnitude, 2 * scale)
        if aboveMidpoint > 0 || (aboveMidpoint == 0 && n.truncatingRemainder(dividingBy: 2) != 0) {
            n += 1
        }
        if value.sign == .minus { out.append(UInt8(ascii: "-")) }
        let scaled = UInt64(n)
        let unit = Self.units[fractionDigits]
        appendDigits(scaled / unit, minimumWidth: 1, into: &out)
        out.append(UInt8(ascii: "."))
        appendDigits(scaled % unit, minimumWidth: fractionDigits, into: &out)
    }

    /// `append` as a string.
    static func string(_ value: Double, fractionDigits: Int) -> String {
        var out: [UInt8] = []
        append(value, fractionDigits: fractionDigits, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static let scales: [Double] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000]
    private static let units: [UInt64] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000]

    private static func appendDigits(_ value: UInt64, minimumWidth: Int, into out: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        withUnsafeMutableBytes(of: &digits) { b in
            var v = value
            var i = 24
            repeat {
                i -= 1
                b[i] = UInt8(truncatingIfNeeded: 48 + v % 10)
                v /= 10
            } while v > 0 || 24 - i < minimumWidth
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[i..<24]))
        }
    }
}
