/// Redis's glob matching for pattern subscriptions (`PSUBSCRIBE`): `*` any run, `?` one byte,
/// `[abc]`, `[a-z]`, `[^a]` classes, `\` escapes. The in-process bus matches exactly as Redis does.
public enum GlobPattern {
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        match(Array(pattern.utf8)[...], Array(text.utf8)[...])
    }

    private static func match(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
        var p = p
        var s = s
        while let c = p.first {
            switch c {
            case UInt8(ascii: "*"):
                while p.first == UInt8(ascii: "*") { p = p.dropFirst() }
                if p.isEmpty { return true }
                var rest = s
                while true {
                    if match(p, rest) { return true }
                    if rest.isEmpty { return false }
                    rest = rest.dropFirst()
                }
            case UInt8(ascii: "?"):
                guard !s.isEmpty else { return false }
                s = s.dropFirst()
                p = p.dropFirst()
            case UInt8(ascii: "["):
                guard let ch = s.first else { return false }
                p = p.dropFirst()
                let negate = p.first == UInt8(ascii: "^")
                if negate { p = p.dropFirst() }
                var matched = false
                while let q = p.first, q != UInt8(ascii: "]") {
                    if q == UInt8(ascii: "\\"), p.count >= 2 {
                        p = p.dropFirst()
                        if p.first == ch { matched = true }
                        p = p.dropFirst()
                    } else if p.count >= 3, p[p.startIndex + 1] == UInt8(ascii: "-"),
                        p[p.startIndex + 2] != UInt8(ascii: "]")
                    {
                        let lo = min(q, p[p.startIndex + 2]), hi = max(q, p[p.startIndex + 2])
                        if ch >= lo && ch <= hi { matched = true }
                        p = p.dropFirst(3)
                    } else {
                        if q == ch { matched = true }
                        p = p.dropFirst()
                    }
                }
                if !p.isEmpty { p = p.dropFirst() }  // the closing ]
                if matched == negate { return false }
                s = s.dropFirst()
            case UInt8(ascii: "\\") where p.count >= 2:
                p = p.dropFirst()
                guard s.first == p.first else { return false }
                s = s.dropFirst()
                p = p.dropFirst()
            default:
                guard s.first == c else { return false }
                s = s.dropFirst()
                p = p.dropFirst()
            }
        }
        return s.isEmpty
    }
}
