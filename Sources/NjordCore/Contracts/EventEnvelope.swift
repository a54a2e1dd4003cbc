/// One event as it travels on the bus and sits in journals: who sent it, when, in what order, and
/// its typed payload. The wire format (docs/CONTRACTS.md) is one compact JSON object, keys in this
/// order:
///
///     {"type":"md.trade","v":1,"id":"…","src":"…","seq":7,"ts":…,"rts":…,"data":{…}}
///
/// Encoding is canonical: the same value always gives the same bytes. Decoding accepts any valid
/// JSON object with the required fields (any key order, white space, unknown keys ignored) and
/// rejects everything else with a ``ContractError`` naming the field.
public struct EventEnvelope: Hashable, Sendable {
    /// The wire version this build writes and the only one it reads.
    public static let wireVersion: Int64 = 1

    /// Unique id of this event (consumers are idempotent by it).
    public var id: String
    /// The service that produced the event.
    public var source: String
    /// The source's per-stream sequence number, for gap detection.
    public var sequence: UInt64
    /// When the event happened (exchange time for market data).
    public var eventTime: Timestamp
    /// When the source received or produced it.
    public var receiveTime: Timestamp
    public var payload: EventPayload

    public init(
        id: String, source: String, sequence: UInt64, eventTime: Timestamp, receiveTime: Timestamp,
        payload: EventPayload
    ) {
        self.id = id
        self.source = source
        self.sequence = sequence
        self.eventTime = eventTime
        self.receiveTime = receiveTime
        self.payload = payload
    }

    /// The wire `type`, from the payload.
    public var type: EventType { payload.type }

    // MARK: - Encoding

    /// Appends the canonical JSON of the event (no trailing newline) to `buffer`.
    public func encode(into buffer: inout [UInt8]) {
        // Fast path: plain stores into a stack buffer, then one append. Events that do not fit
        // (deep books, long strings) are written again through the growable writer.
        let fitted = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: EventEnvelope.scratchBytes) {
            scratch -> Bool in
            guard let base = scratch.baseAddress else { return false }
            var writer = ScratchJSONWriter(base: base, capacity: scratch.count)
            encode(to: &writer)
            guard !writer.overflowed else { return false }
            buffer.append(contentsOf: writer.written)
            return true
        }
        if fitted { return }
        var writer = JSONWriter(capacity: 0)
        swap(&writer.bytes, &buffer)
        encode(to: &writer)
        swap(&writer.bytes, &buffer)
    }

    static let scratchBytes = 4096

    /// The canonical JSON of the event.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        encode(into: &bytes)
        return bytes
    }

    /// The canonical JSON of the event as a string.
    public var jsonString: String { String(decoding: encoded(), as: UTF8.self) }

    func encode<W: JSONSink>(to w: inout W) {
        w.raw("{\"type\":")
        w.string(payload.type.rawValue)
        w.raw(",\"v\":1,\"id\":")
        w.string(id)
        w.raw(",\"src\":")
        w.string(source)
        w.raw(",\"seq\":")
        w.uint(sequence)
        w.raw(",\"ts\":")
        w.int(eventTime.nanosecondsSinceEpoch)
        w.raw(",\"rts\":")
        w.int(receiveTime.nanosecondsSinceEpoch)
        w.raw(",\"data\":")
        payload.encode(to: &w)
        w.byte(UInt8(ascii: "}"))
    }

    // MARK: - Decoding

    static let fields = NameTable(["type", "v", "id", "src", "seq", "ts", "rts", "data"])

    /// Decodes one event from exactly these bytes (surrounding white space allowed, so a journal
    /// line with its newline decodes).
    public init(json bytes: UnsafeBufferPointer<UInt8>) throws(ContractError) {
        if let event = EventEnvelope.canonical(bytes) {
            self = event
        } else {
            self = try EventEnvelope.anyForm(bytes)
        }
    }

    /// Reads any valid form: keys in any order, white space, unknown keys skipped; every error
    /// names its field.
    static func anyForm(_ bytes: UnsafeBufferPointer<UInt8>) throws(ContractError) -> EventEnvelope {
        var r = JSONReader(bytes)
        try r.beginObject(at: "")
        var cursor = FieldCursor(EventEnvelope.fields)
        var type: EventType?
        var unknownType: String?
        var versionSeen = false
        var id: String?
        var source: String?
        var sequence: UInt64 = 0
        var eventTime: Int64 = 0
        var receiveTime: Int64 = 0
        var payload: EventPayload?
        var deferredData: Int?
        while let field = try cursor.next(in: &r, parent: "") {
            switch field {
            case 0:
                let ref = try r.readStringRef(at: "type")
                if let i = ref.withUTF8(in: bytes, { EventType.wireNames.index(of: $0) }) {
                    type = EventType.wireCases[i]
                } else {
                    unknownType = ref.string(in: bytes)
                }
            case 1:
                let version = try r.readInt64(at: "v")
                guard version == EventEnvelope.wireVersion else { throw .unsupportedVersion(version) }
                versionSeen = true
            case 2: id = try r.readString(at: "id")
            case 3: source = try r.readString(at: "src")
            case 4: sequence = try r.readUInt64(at: "seq")
            case 5: eventTime = try r.readInt64(at: "ts")
            case 6: receiveTime = try r.readInt64(at: "rts")
            case 7:
                // The payload is read in place when its type and version are known (the canonical
                // order), otherwise skipped now and read once they are.
                if versionSeen, let type {
                    payload = try EventPayload.decode(type, from: &r)
                } else if versionSeen, let unknownType {
                    throw .unknownType(unknownType)
                } else {
                    _ = try r.peek("data")
                    deferredData = r.index
                    try r.skipValue(depth: 1, at: "data")
                }
            default:
                try r.skipValue(depth: 1, at: "")
            }
        }
        try r.finish()
        if !cursor.contains(1) { throw .missingField(path: "v") }
        if let unknownType { throw .unknownType(unknownType) }
        try cursor.requireAll(parent: "")
        if payload == nil, let deferredData, let type {
            var sub = JSONReader(bytes, at: deferredData)
            payload = try EventPayload.decode(type, from: &sub)
        }
        guard let type, let id, let source, let payload, payload.type == type else {
            throw .missingField(path: "data")
        }
        return EventEnvelope(
            id: id, source: source, sequence: sequence,
            eventTime: Timestamp(nanosecondsSinceEpoch: eventTime),
            receiveTime: Timestamp(nanosecondsSinceEpoch: receiveTime), payload: payload)
    }

    /// The event when `bytes` are exactly in the canonical form this build writes (keys in order,
    /// no white space inside, no escapes in keys), read as one fixed shape: the text between the
    /// values is compared as literals, with no key lookup or bookkeeping. Nil for anything else,
    /// including every error, which the general path then reads again and reports by field. Both
    /// paths give the same event for canonical input; journals and the bus carry nothing else.
    static func canonical(_ bytes: UnsafeBufferPointer<UInt8>) -> EventEnvelope? {
        var r = JSONReader(bytes)
        guard r.consumeLiteral("{\"type\":"), let typeRef = try? r.readStringRef(at: ""),
            let typeIndex = typeRef.withUTF8(in: bytes, { EventType.wireNames.index(of: $0) }),
            r.consumeLiteral(",\"v\":1,\"id\":"), let id = try? r.readString(at: ""),
            r.consumeLiteral(",\"src\":"), let source = try? r.readString(at: ""),
            r.consumeLiteral(",\"seq\":"), let sequence = try? r.readUInt64(at: ""),
            r.consumeLiteral(",\"ts\":"), let eventTime = try? r.readInt64(at: ""),
            r.consumeLiteral(",\"rts\":"), let receiveTime = try? r.readInt64(at: ""),
            r.consumeLiteral(",\"data\":")
        else { return nil }
        let type = EventType.wireCases[typeIndex]
        let payload: EventPayload?
        if type == .trade {
            payload = Trade.canonical(from: &r).map(EventPayload.trade)
        } else {
            payload = try? EventPayload.decode(type, from: &r)
        }
        guard let payload, r.consumeLiteral("}"), r.isAtEnd() else { return nil }
        return EventEnvelope(
            id: id, source: source, sequence: sequence, eventTime: Timestamp(nanosecondsSinceEpoch: eventTime),
            receiveTime: Timestamp(nanosecondsSinceEpoch: receiveTime), payload: payload)
    }

    /// Decodes one event from a byte collection (a line of a journal, a bus message).
    public init(json bytes: some Collection<UInt8>) throws(ContractError) {
        let decode = { (b: UnsafeBufferPointer<UInt8>) in
            Result { () throws(ContractError) -> EventEnvelope in try EventEnvelope(json: b) }
        }
        let result = bytes.withContiguousStorageIfAvailable(decode) ?? Array(bytes).withUnsafeBufferPointer(decode)
        self = try result.get()
    }

    /// Decodes one event from its JSON text.
    public init(json text: String) throws(ContractError) {
        try self.init(json: Array(text.utf8))
    }
}
