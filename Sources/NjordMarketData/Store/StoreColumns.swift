import NjordCore

/// Encoders and decoders of the column shapes the block codecs share: times, and columns of
/// ``Fixed`` values brought to the block's common decimal scale.
enum StoreColumns {
    static let powersOfTen: [Int64] = (0...18).map { k in (0..<k).reduce(Int64(1)) { p, _ in p * 10 } }

    /// The largest `e ≤ limit` such that every value is a multiple of 10^e.
    static func commonExponent(_ values: some Sequence<Int128>, limit: Int) -> Int {
        var e = limit
        for v in values where e > 0 {
            while e > 0 && v % Int128(powersOfTen[e]) != 0 { e -= 1 }
        }
        return e
    }

    // MARK: Times

    /// `exp u8, step zigzag, first zigzag, then zigzag(Δ − step)` over times scaled by 10^-exp.
    static func encodeTimes(_ times: [Int64], step: Int64, into w: inout StoreByteWriter) {
        let e = commonExponent(times.lazy.map { Int128($0) }, limit: 9)
        let unit = powersOfTen[e]
        let scaledStep = step % unit == 0 ? step / unit : 0
        w.u8(UInt8(e))
        w.zigzag(scaledStep)
        var previous: Int64 = 0
        for (i, t) in times.enumerated() {
            let s = t / unit
            w.zigzag(i == 0 ? s : s &- previous &- scaledStep)
            previous = s
        }
    }

    /// Decodes a time column, handing each time to `store`.
    @inline(__always)
    static func decodeTimes(count n: Int, from r: inout StoreByteReader, _ store: (Int, Int64) -> Void) {
        let e = Int(r.u8())
        guard e <= 9 else {
            r.failed = true
            return
        }
        let unit = powersOfTen[e]
        let step = r.zigzag()
        var s = r.zigzag()
        store(0, s &* unit)
        var i = 1
        while i < n {
            s = s &+ r.zigzag() &+ step
            store(i, s &* unit)
            i += 1
        }
    }

    // MARK: Fixed columns

    /// `exp u8, mode u8`, then mode 0: zig-zag varints of the scaled values (deltas when `delta`);
    /// mode 1 (a scaled value beyond Int64): every raw value as 16 little-endian bytes.
    static func encodeFixed(_ values: [Fixed], delta: Bool, into w: inout StoreByteWriter) {
        let raws = values.map(\.raw)
        let e = commonExponent(raws, limit: 8)
        let unit = Int128(powersOfTen[e])
        let scaled = raws.map { $0 / unit }
        w.u8(UInt8(e))
        guard scaled.allSatisfy({ $0 >= Int128(Int64.min) && $0 <= Int128(Int64.max) }) else {
            w.u8(1)
            for raw in raws { w.fixed(raw) }
            return
        }
        w.u8(0)
        var previous: Int64 = 0
        for s in scaled {
            let v = Int64(s)
            w.zigzag(delta ? v &- previous : v)
            previous = v
        }
    }

    /// Decodes a ``encodeFixed(_:delta:into:)`` column, handing each value to `store`.
    @inline(__always)
    static func decodeFixed(
        count n: Int, delta: Bool, from r: inout StoreByteReader, _ store: (Int, Fixed) -> Void
    ) {
        let e = Int(r.u8())
        let mode = r.u8()
        guard e <= 8, !r.failed else {
            r.failed = true
            return
        }
        if mode == 1 {
            for i in 0..<n { store(i, Fixed(raw: r.fixed(Int128.self))) }
            return
        }
        guard mode == 0 else {
            r.failed = true
            return
        }
        let unit = Int128(powersOfTen[e])
        var acc: Int64 = 0
        var i = 0
        if delta {
            while i < n {
                acc = acc &+ r.zigzag()
                store(i, Fixed(raw: Int128(acc) &* unit))
                i += 1
            }
        } else {
            while i < n {
                store(i, Fixed(raw: Int128(r.zigzag()) &* unit))
                i += 1
            }
        }
    }
}
