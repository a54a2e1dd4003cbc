/// The on-disk format of one store file: one venue, symbol, kind and UTC day, at
/// `<root>/<venue>/<SYMBOL>/<kind>/<YYYY-MM-DD>.njds`. All integers little-endian.
///
/// ```
/// header, 64 bytes
///   0  magic "NJDS"            4  version u16 (1)      6  kind u8 (1 trades, 2 bars)   7  reserved u8 (0)
///   8  interval ns i64 (0 for trades)                  16 record count u64
///   24 first time ns i64        32 last time ns i64    40 index offset u64
///   48 block count u32          52 block capacity u32 (records per block, 4096)
///   56 checksum u64 of header bytes 0..<56 followed by the index bytes
/// blocks, back to back from offset 64; each is column-oriented (see StoredTrade+Codec,
///   StoredBar+Codec): times as `exp u8, step, first, Δ−step` zig-zag varints on a 10^exp ns unit;
///   Fixed columns as `exp u8, mode u8` then zig-zag varints of value/10^exp (so a 0.01 tick is 1)
/// index at `index offset`, one 40-byte entry per block:
///   first time i64, last time i64, offset u64, byte count u32, record count u32, checksum u64
/// end of file = index offset + 40 × block count (anything else is a torn or truncated file)
/// ```
///
/// Records in a file are in non-decreasing time order and all on the file's day, so a time-range
/// read picks blocks from the index and trims the first and last. A file is written to a temporary
/// name, synced, and renamed into place ("sealed"); a reader never sees a half-written day.
enum StoreFileFormat {
    static let magic: [UInt8] = Array("NJDS".utf8)
    static let version: UInt16 = 1
    static let headerSize = 64
    static let indexEntrySize = 40
    static let defaultBlockCapacity = 4096
    static let fileExtension = "njds"
}

/// The header's fields.
struct StoreFileHeader: Equatable {
    var kind: StoreKind
    var recordCount: UInt64
    var firstTime: Int64
    var lastTime: Int64
    var indexOffset: UInt64
    var blockCount: UInt32
    var blockCapacity: UInt32

    /// Bytes 0..<56 (the checksum is computed over them and the index, then appended).
    func encodedWithoutChecksum() -> [UInt8] {
        var w = StoreByteWriter()
        w.bytes.append(contentsOf: StoreFileFormat.magic)
        w.fixed(StoreFileFormat.version)
        w.u8(kind.code)
        w.u8(0)
        w.fixed(kind.intervalNanoseconds)
        w.fixed(recordCount)
        w.fixed(firstTime)
        w.fixed(lastTime)
        w.fixed(indexOffset)
        w.fixed(blockCount)
        w.fixed(blockCapacity)
        return w.bytes
    }

    /// Parses and checks the header bytes that do not need the index; `path` names errors.
    static func decode(_ bytes: UnsafeRawBufferPointer, path: String) throws -> (StoreFileHeader, UInt64) {
        guard bytes.count >= StoreFileFormat.headerSize, Array(bytes[0..<4]) == StoreFileFormat.magic else {
            throw StoreError.notAStoreFile(path: path)
        }
        var r = StoreByteReader(bytes)
        r.position = 4
        let version = r.fixed(UInt16.self)
        guard version == StoreFileFormat.version else {
            throw StoreError.unsupportedVersion(path: path, version: version)
        }
        let code = r.u8()
        _ = r.u8()
        let interval = r.fixed(Int64.self)
        guard let kind = StoreKind(code: code, intervalNanoseconds: interval) else {
            throw StoreError.malformedHeader(path: path, reason: "unknown kind \(code) / interval \(interval) ns")
        }
        let header = StoreFileHeader(
            kind: kind, recordCount: r.fixed(UInt64.self), firstTime: r.fixed(Int64.self),
            lastTime: r.fixed(Int64.self), indexOffset: r.fixed(UInt64.self), blockCount: r.fixed(UInt32.self),
            blockCapacity: r.fixed(UInt32.self))
        return (header, r.fixed(UInt64.self))
    }
}

/// One block's entry in the index.
struct StoreBlockEntry: Equatable {
    var firstTime: Int64
    var lastTime: Int64
    var offset: UInt64
    var byteCount: UInt32
    var recordCount: UInt32
    var checksum: UInt64

    func encode(into w: inout StoreByteWriter) {
        w.fixed(firstTime)
        w.fixed(lastTime)
        w.fixed(offset)
        w.fixed(byteCount)
        w.fixed(recordCount)
        w.fixed(checksum)
    }

    static func decode(from r: inout StoreByteReader) -> StoreBlockEntry {
        StoreBlockEntry(
            firstTime: r.fixed(Int64.self), lastTime: r.fixed(Int64.self), offset: r.fixed(UInt64.self),
            byteCount: r.fixed(UInt32.self), recordCount: r.fixed(UInt32.self), checksum: r.fixed(UInt64.self))
    }
}
