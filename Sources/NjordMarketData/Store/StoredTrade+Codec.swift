public import NjordCore

/// Trade block: times (step 0), trade ids as `zigzag(Δ − 1)` (contiguous ids cost one byte),
/// prices as scaled deltas, quantities as scaled values, then the sides as a bitset (1 = sell).
extension StoredTrade: StoreRecord {
    public var storeTime: Timestamp { time }

    public static func isStored(in kind: StoreKind) -> Bool { kind == .trades }

    public static var storePlaceholder: StoredTrade {
        StoredTrade(time: Timestamp(nanosecondsSinceEpoch: 0), tradeId: 0, price: .zero, qty: .zero, side: .buy)
    }

    public static func encodeStoreBlock(
        _ records: UnsafeBufferPointer<StoredTrade>, kind: StoreKind, into bytes: inout [UInt8]
    ) {
        // The caller's buffer is reused for its capacity, not its contents.
        bytes.removeAll(keepingCapacity: true)
        var w = StoreByteWriter(bytes: bytes)
        bytes = []
        StoreColumns.encodeTimes(records.map { $0.time.nanosecondsSinceEpoch }, step: 0, into: &w)
        var previous: Int64 = 0
        for (i, r) in records.enumerated() {
            w.zigzag(i == 0 ? r.tradeId : r.tradeId &- previous &- 1)
            previous = r.tradeId
        }
        StoreColumns.encodeFixed(records.map(\.price), delta: true, into: &w)
        StoreColumns.encodeFixed(records.map(\.qty), delta: false, into: &w)
        var sides = [UInt8](repeating: 0, count: (records.count + 7) / 8)
        for (i, r) in records.enumerated() where r.side == .sell { sides[i >> 3] |= 1 << UInt8(i & 7) }
        w.bytes.append(contentsOf: sides)
        bytes = w.bytes
    }

    public static func decodeStoreBlock(
        _ bytes: UnsafeRawBufferPointer, count n: Int, into out: UnsafeMutablePointer<StoredTrade>
    ) -> Bool {
        guard n > 0 else { return bytes.isEmpty }
        var r = StoreByteReader(bytes)
        StoreColumns.decodeTimes(count: n, from: &r) { i, t in out[i].time = Timestamp(nanosecondsSinceEpoch: t) }
        var id = r.zigzag()
        out[0].tradeId = id
        var i = 1
        while i < n {
            id = id &+ r.zigzag() &+ 1
            out[i].tradeId = id
            i += 1
        }
        StoreColumns.decodeFixed(count: n, delta: true, from: &r) { i, v in out[i].price = v }
        StoreColumns.decodeFixed(count: n, delta: false, from: &r) { i, v in out[i].qty = v }
        guard !r.failed, r.has((n + 7) / 8) else { return false }
        let sides = r.base + r.position
        i = 0
        while i < n {
            out[i].side = (sides[i >> 3] >> UInt8(i & 7)) & 1 == 1 ? .sell : .buy
            i += 1
        }
        r.position += (n + 7) / 8
        return r.position == r.end
    }
}
