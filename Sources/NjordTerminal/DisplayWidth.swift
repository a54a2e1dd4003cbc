/// How many terminal cells text takes: 0 for combining marks and zero-width characters, 2 for East
/// Asian wide and most emoji, 1 otherwise. Pure Swift (no `wcwidth`), so the in-memory screen of
/// tests lays text out exactly as the terminal does, whatever the locale of the test run.
public enum DisplayWidth {
    /// The cells of one scalar.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x300 { return 1 }
        // Box drawing, block elements and braille — the console's rules, bars and charts — are one
        // cell each; answered before the general-category lookup, which is slow.
        if (0x2500...0x259F).contains(v) || (0x2800...0x28FF).contains(v) { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B { return 0 }
        return isWide(v) ? 2 : 1
    }

    /// The cells of one character: its first scalar decides, the others combine with it.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.count > 1, character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) {
            return 2  // an emoji presentation selector widens the character
        }
        return of(first)
    }

    /// Whether every byte is printable ASCII (space to `~`): one cell per byte, and no grapheme
    /// breaking needed — almost all of the console's text, checked first on every hot path.
    @inline(__always)
    public static func isPrintableASCII(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy { $0 &- 0x20 < 0x5F }
    }

    /// The cells of a string.
    public static func of(_ text: some StringProtocol) -> Int {
        if isPrintableASCII(text) { return text.utf8.count }
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// The longest prefix of `text` that fits in `width` cells (a wide character that would be
    /// cut in half is left out).
    public static func clip(_ text: some StringProtocol, to width: Int) -> String {
        guard width > 0 else { return "" }
        if isPrintableASCII(text) {
            let count = text.utf8.count
            return count <= width ? String(text) : String(decoding: text.utf8.prefix(width), as: UTF8.self)
        }
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let w = of(text[index])
            if used + w > width { break }
            used += w
            end = text.index(after: index)
        }
        return String(text[text.startIndex..<end])
    }

    /// `text` clipped or padded with spaces to exactly `width` cells, on the left or right.
    public static func fit(_ text: some StringProtocol, to width: Int, alignRight: Bool = false) -> String {
        let clipped = clip(text, to: width)
        let padding = String(repeating: " ", count: max(0, width - of(clipped)))
        return alignRight ? padding + clipped : clipped + padding
    }

    private static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x231A...0x231B).contains(v) || (0x2329...0x232A).contains(v)
            || (0x23E9...0x23EC).contains(v) || (0x25FD...0x25FE).contains(v) || (0x2614...0x2615).contains(v)
            || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v) || (0x3400...0x4DBF).contains(v)
            || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v)
            || (0x20000...0x3FFFD).contains(v)
    }
}
