public import NjordCore

/// Bar block: open times (step = the interval, so gapless bars cost one byte each); then, on the
/// block's common price scale, per bar `open − previous close`, `close − open`,
/// `high − max(open, close)`, `min(open, close) − low` (one group, decoded in one pass; mode 1 =
/// raw 16-byte o/h/l/c when a scaled price exceeds Int64); volume as a scaled-value column; trade
/// counts as zig-zag varints.
extension StoredBar: StoreRecord {
    public var storeTime: Timestamp { openTime }

    public static func isStored(in kind: StoreKind) -> Bool {
        if case .bars = kind { return true }
        return false
    }

    public static var storePlaceholder: StoredBar {
        StoredBar(
            openTime: Timestamp(nanosecondsSinceEpoch: 0), open: .zero, high: .zero, low: .zero, close: .zero,
            volume: .zero, trades: 0)
    }

    public static func encodeStoreBlock(
        _ records: UnsafeBufferPointer<StoredBar>, kind: StoreKind, into bytes: inout [UInt8]
    ) {
        // The caller's buffer is reused for its capacity, not its contents.
        bytes.removeAll(keepingCapacity: true)
        var w = StoreByteWriter(bytes: bytes)
        bytes = []
        StoreColumns.encodeTimes(
            records.map { $0.openTime.nanosecondsSinceEpoch }, step: kind.intervalNanoseconds, into: &w)
        let prices = records.flatMap { [$0.open.raw, $0.high.raw, $0.low.raw, $0.close.raw] }
        let e = StoreColumns.commonExponent(prices, limit: 8)
        let unit = Int128(StoreColumns.powersOfTen[e])
        w.u8(UInt8(e))
        if prices.allSatisfy({ ($0 / unit) >= Int128(Int64.min) && ($0 / unit) <= Int128(Int64.max) }) {
            w.u8(0)
            let s = { (f: Fixed) in Int64(f.raw / unit) }
            var previousClose: Int64 = 0
            for b in records {
                w.zigzag(s(b.open) &- previousClose)
                w.zigzag(s(b.close) &- s(b.open))
                w.zigzag(s(b.high) &- max(s(b.open), s(b.close)))
                w.zigzag(min(s(b.open), s(b.close)) &- s(b.low))
                previousClose = s(b.close)
            }
        } else {
            w.u8(1)
            for b in records {
                w.fixed(b.open.raw)
                w.fixed(b.high.raw)
                w.fixed(b.low.raw)
                w.fixed(b.close.raw)
            }
        }
        StoreColumns.encodeFixed(records.map(\.volume), delta: false, into: &w)
        for b in records { w.zigzag(b.trades) }
        bytes = w.bytes
    }

    public static func decodeStoreBlock(
        _ bytes: UnsafeRawBufferPointer, count n: Int, into out: UnsafeMutablePointer<StoredBar>
    ) -> Bool {
        guard n > 0 else { return bytes.isEmpty }
        var r = StoreByteReader(bytes)
        StoreColumns.decodeTimes(count: n, from: &r) { i, t in
            out[i].openTime = Timestamp(nanosecondsSinceEpoch: t)
        }
        let e = Int(r.u8())
        let mode = r.u8()
        guard e <= 8, !r.failed else { return false }
        let unit = Int128(StoreColumns.powersOfTen[e])
        if mode == 0 {
            var close: Int64 = 0
            var i = 0
            while i < n {
                let open = close &+ r.zigzag()
                close = open &+ r.zigzag()
                let high = max(open, close) &+ r.zigzag()
                let low = min(open, close) &- r.zigzag()
                out[i].open = Fixed(raw: Int128(open) &* unit)
                out[i].close = Fixed(raw: Int128(close) &* unit)
                out[i].high = Fixed(raw: Int128(high) &* unit)
                out[i].low = Fixed(raw: Int128(low) &* unit)
                i += 1
            }
        } else if mode == 1 {
            for i in 0..<n {
                out[i].open = Fixed(raw: r.fixed(Int128.self))
                out[i].high = Fixed(raw: r.fixed(Int128.self))
                out[i].low = Fixed(raw: r.fixed(Int128.self))
                out[i].close = Fixed(raw: r.fixed(Int128.self))
            }
        } else {
            return false
        }
        StoreColumns.decodeFixed(count: n, delta: false, from: &r) { i, v in out[i].volume = v }
        var i = 0
        while i < n {
            out[i].trades = r.zigzag()
            i += 1
        }
        return !r.failed && r.position == r.end
    }
}
