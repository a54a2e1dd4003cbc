/// Appends the store's primitive encodings to a byte array: LEB128 varints, zig-zag signed varints
/// and little-endian fixed-width integers.
struct StoreByteWriter {
    var bytes: [UInt8] = []

    @inline(__always)
    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    /// Small magnitudes of either sign become small varints.
    @inline(__always)
    mutating func zigzag(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func fixed<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Reads what ``StoreByteWriter`` wrote, bounds-checked. Running past the end sets ``failed`` and
/// yields zeros instead of throwing, so the hot loops stay branch-light; callers check once per column.
struct StoreByteReader {
    let base: UnsafePointer<UInt8>
    let end: Int
    var position = 0
    var failed = false

    init(_ bytes: UnsafeRawBufferPointer) {
        base =
            bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) }
            ?? UnsafePointer(bitPattern: 1)!
        end = bytes.count
    }

    @inline(__always)
    mutating func varint() -> UInt64 {
        if position < end {
            let b = base[position]
            if b < 0x80 {
                position += 1
                return UInt64(b)
            }
        }
        return varintSlow()
    }

    @inline(never)
    mutating func varintSlow() -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < end {
            let b = base[position]
            position += 1
            if shift == 63 && b > 1 { break }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { break }
        }
        failed = true
        return 0
    }

    @inline(__always)
    mutating func zigzag() -> Int64 {
        let v = varint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    mutating func u8() -> UInt8 {
        guard position < end else {
            failed = true
            return 0
        }
        position += 1
        return base[position - 1]
    }

    mutating func fixed<T: FixedWidthInteger>(_: T.Type) -> T {
        let size = MemoryLayout<T>.size
        guard position + size <= end else {
            failed = true
            return 0
        }
        let value = UnsafeRawPointer(base + position).loadUnaligned(as: T.self)
        position += size
        return T(littleEndian: value)
    }

    /// Whether `n` more bytes are there.
    func has(_ n: Int) -> Bool { n >= 0 && position + n <= end }
}

/// A fast 64-bit checksum: a multiply-rotate over 8-byte words. Each step is a bijection of the
/// running state, so any change confined to one word is always caught; it is for damage, not attacks.
enum StoreChecksum {
    static func of(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ seed ^ UInt64(bytes.count)
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            let w = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h = (h << 31) | (h >> 33)
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }
}
