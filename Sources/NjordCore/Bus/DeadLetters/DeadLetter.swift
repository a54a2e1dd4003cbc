import Foundation

/// An entry of the dead-letter stream (``Topics/deadLetters``): a message some consumer could not
/// decode, kept with where it came from and why, for inspection and replay. One compact JSON
/// object, keys in this order (docs/CONTRACTS.md):
///
///     {"origin":"orders:intents","reason":"v: unsupported version 2 …","kind":"unsupported_version",
///      "at":1723161300001000000,"consumer":"risk","encoding":"utf8","payload":"{\"type\":…}"}
///
/// The payload is the message's exact bytes: as a JSON string when they are valid UTF-8
/// (`"encoding":"utf8"`, escaped like any JSON string, so a reader sees the bad JSON as it was),
/// otherwise base64 (`"encoding":"base64"`, RFC 4648 with padding).
public struct DeadLetter: Equatable, Sendable {
    /// The stream or topic the message was read from.
    public var origin: String
    /// The decoder's reason (a ``ContractError`` description, field path first).
    public var reason: String
    public var kind: BadInputKind
    /// When the consumer rejected it (wall clock).
    public var at: Timestamp
    /// The consumer (service, or `group/consumer` on a stream) that rejected it.
    public var consumer: String
    /// The message's bytes, exactly as received.
    public var payload: [UInt8]

    public init(
        origin: String, reason: String, kind: BadInputKind, at: Timestamp, consumer: String, payload: [UInt8]
    ) {
        self.origin = origin
        self.reason = reason
        self.kind = kind
        self.at = at
        self.consumer = consumer
        self.payload = payload
    }

    /// How ``payload`` is written in the entry.
    public enum PayloadEncoding: String, Sendable {
        case utf8, base64
    }

    /// `utf8` when the payload is valid UTF-8, else `base64`.
    public var payloadEncoding: PayloadEncoding {
        payload.withUnsafeBufferPointer { UTF8Validation.isValid($0) } ? .utf8 : .base64
    }

    // MARK: - Encoding

    /// The entry's canonical JSON.
    public func encoded() -> [UInt8] {
        var w = JSONWriter(capacity: payload.count + reason.utf8.count + 160)
        w.raw("{\"origin\":")
        w.string(origin)
        w.raw(",\"reason\":")
        w.string(reason)
        w.raw(",\"kind\":")
        w.string(kind.rawValue)
        w.raw(",\"at\":")
        w.int(at.nanosecondsSinceEpoch)
        w.raw(",\"consumer\":")
        w.string(consumer)
        let encoding = payloadEncoding
        w.raw(",\"encoding\":")
        w.string(encoding.rawValue)
        w.raw(",\"payload\":")
        switch encoding {
        case .utf8: w.string(String(decoding: payload, as: UTF8.self))
        case .base64: w.string(Data(payload).base64EncodedString())
        }
        w.byte(UInt8(ascii: "}"))
        return w.bytes
    }

    // MARK: - Decoding

    static let fields = NameTable(["origin", "reason", "kind", "at", "consumer", "encoding", "payload"])

    /// Decodes an entry of the dead-letter stream.
    public init(json bytes: [UInt8]) throws(ContractError) {
        let result = bytes.withUnsafeBufferPointer { b in
            Result { () throws(ContractError) -> DeadLetter in try DeadLetter(json: b) }
        }
        self = try result.get()
    }

    init(json bytes: UnsafeBufferPointer<UInt8>) throws(ContractError) {
        var r = JSONReader(bytes)
        try r.beginObject(at: "")
        var cursor = FieldCursor(DeadLetter.fields)
        var origin = "", reason = "", kindName = "", consumer = "", encodingName = "", text = ""
        var at: Int64 = 0
        while let field = try cursor.next(in: &r, parent: "") {
            switch field {
            case 0: origin = try r.readString(at: "origin")
            case 1: reason = try r.readString(at: "reason")
            case 2: kindName = try r.readString(at: "kind")
            case 3: at = try r.readInt64(at: "at")
            case 4: consumer = try r.readString(at: "consumer")
            case 5: encodingName = try r.readString(at: "encoding")
            case 6: text = try r.readString(at: "payload")
            default: try r.skipValue(depth: 1, at: "")
            }
        }
        try r.finish()
        try cursor.requireAll(parent: "")
        guard let kind = BadInputKind(rawValue: kindName) else {
            throw .unknownValue(path: "kind", value: kindName, allowed: BadInputKind.allCases.map(\.rawValue))
        }
        let payload: [UInt8]
        switch PayloadEncoding(rawValue: encodingName) {
        case .utf8: payload = Array(text.utf8)
        case .base64:
            guard let data = Data(base64Encoded: text) else {
                throw .ruleViolated(path: "payload", reason: "not base64")
            }
            payload = Array(data)
        case nil:
            throw .unknownValue(path: "encoding", value: encodingName, allowed: ["utf8", "base64"])
        }
        self.init(
            origin: origin, reason: reason, kind: kind, at: Timestamp(nanosecondsSinceEpoch: at),
            consumer: consumer, payload: payload)
    }
}
