public import Logging

/// Replaces secrets by `***` before anything is written: whole metadata values under secret-looking
/// keys, and values written into message text as `password=…`, `secret: …`, `"token":"…"`,
/// `X-MBX-APIKEY: …`, `Authorization: Bearer …`.
public enum SecretRedactor {
    public static let mask = "***"

    /// Metadata keys are secret when, lower-cased, they contain one of these (so `redis_password`,
    /// `X-MBX-APIKEY` and `clientSecret` are caught; over-redacting a harmless key is the cheap error).
    public static let secretKeyFragments = [
        "api_key", "apikey", "api-key", "secret", "password", "passwd", "token", "signature", "authorization",
    ]

    public static func isSecretKey(_ key: String) -> Bool {
        let lower = key.lowercased()
        return secretKeyFragments.contains { lower.contains($0) }
    }

    public static func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var out: Logger.Metadata = [:]
        for (key, value) in metadata {
            out[key] = isSecretKey(key) ? .string(mask) : redact(value)
        }
        return out
    }

    private static func redact(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): return .string(redact(message: text))
        case .stringConvertible(let convertible): return .string(redact(message: convertible.description))
        case .dictionary(let dictionary): return .dictionary(redact(dictionary))
        case .array(let values): return .array(values.map(redact))
        }
    }

    /// Words whose `_`/`-` separated parts name a secret (`secret_key`, `access_token`, `x-mbx-apikey`)
    /// introduce a secret when followed by `=` or `:`; `tokens=5` does not.
    static let messageParts: Set<String> = [
        "password", "passwd", "secret", "signature", "token", "apikey", "authorization",
    ]

    public static func redact(message: String) -> String {
        let bytes = Array(message.utf8)
        // Fast path: without a separator there is nothing to redact.
        guard bytes.contains(UInt8(ascii: "=")) || bytes.contains(UInt8(ascii: ":")) else { return message }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var i = 0
        while i < bytes.count {
            guard isWordByte(bytes[i]) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            var end = i
            while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
            out.append(contentsOf: bytes[i..<end])
            if namesSecret(bytes[i..<end]), let value = secretValue(in: bytes, after: end) {
                out.append(contentsOf: bytes[end..<value.lowerBound])
                out.append(contentsOf: mask.utf8)
                i = value.upperBound
            } else {
                i = end
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func namesSecret(_ word: ArraySlice<UInt8>) -> Bool {
        let parts = String(decoding: word, as: UTF8.self).lowercased()
            .split(whereSeparator: { $0 == "_" || $0 == "-" }).map(String.init)
        if parts.contains(where: messageParts.contains) { return true }
        return zip(parts, parts.dropFirst()).contains { $0 == "api" && $1 == "key" }
    }

    /// The value after a secret word: optional closing quote, spaces, `=` or `:`, spaces, then a quoted
    /// string or a bare token (the token after an auth scheme such as `Bearer`).
    private static func secretValue(in bytes: [UInt8], after start: Int) -> Range<Int>? {
        let n = bytes.count
        var j = start
        if j < n, isQuote(bytes[j]) { j += 1 }
        while j < n, bytes[j] == UInt8(ascii: " ") { j += 1 }
        guard j < n, bytes[j] == UInt8(ascii: "=") || bytes[j] == UInt8(ascii: ":") else { return nil }
        j += 1
        while j < n, bytes[j] == UInt8(ascii: " ") { j += 1 }
        guard j < n else { return nil }
        if isQuote(bytes[j]) {
            let quote = bytes[j]
            var k = j + 1
            while k < n, bytes[k] != quote { k += bytes[k] == UInt8(ascii: "\\") ? 2 : 1 }
            k = min(k, n)
            return k > j + 1 ? (j + 1)..<k : nil
        }
        var valueStart = j
        var schemeEnd = j
        while schemeEnd < n, isWordByte(bytes[schemeEnd]) { schemeEnd += 1 }
        let scheme = String(decoding: bytes[j..<schemeEnd], as: UTF8.self).lowercased()
        if ["bearer", "basic", "digest"].contains(scheme), schemeEnd < n,
            bytes[schemeEnd] == UInt8(ascii: " ")
        {
            valueStart = schemeEnd
            while valueStart < n, bytes[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        }
        var k = valueStart
        while k < n, !isDelimiter(bytes[k]) { k += 1 }
        return k > valueStart ? valueStart..<k : nil
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b) || b == 95 || b == 45
    }

    private static func isQuote(_ b: UInt8) -> Bool { b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") }

    private static func isDelimiter(_ b: UInt8) -> Bool {
        b <= 0x20 || isQuote(b) || b == UInt8(ascii: "&") || b == UInt8(ascii: ",") || b == UInt8(ascii: ";")
            || b == UInt8(ascii: "}") || b == UInt8(ascii: ")") || b == UInt8(ascii: "]")
    }
}
