import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Every zlib call of the journal lives in this file, and every return code is checked.
// The z_stream is heap-allocated: zlib keeps a pointer back to it and refuses a moved stream.

/// Gzip compression of whole files (closed journal days).
enum Gzip {
    private static let chunk = 256 * 1024

    /// Compresses `source` into `destination` in gzip format (deflate, windowBits 15+16) and
    /// fsyncs the result before returning.
    static func compressFile(from source: String, to destination: String, level: Int32 = 6) throws {
        let input = try Posix.open(source, O_RDONLY)
        defer { Posix.close(input) }
        let output = try Posix.open(destination, O_WRONLY | O_CREAT | O_TRUNC)
        defer { Posix.close(output) }

        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        let rc = deflateInit2_(
            stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw JournalError.zlib(call: "deflateInit2", code: rc, path: destination) }
        var ended = false
        defer { if !ended { _ = deflateEnd(stream) } }  // error paths: the first error is the one to report

        let inBuf = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { inBuf.deallocate() }
        let outBuf = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { outBuf.deallocate() }
        let outBytes = outBuf.baseAddress!.assumingMemoryBound(to: Bytef.self)

        while true {
            let n = try Posix.read(input, into: inBuf, path: source)
            let flush = n == 0 ? Z_FINISH : Z_NO_FLUSH
            stream.pointee.next_in = inBuf.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_in = uInt(n)
            var code: Int32
            repeat {
                stream.pointee.next_out = outBytes
                stream.pointee.avail_out = uInt(chunk)
                code = deflate(stream, flush)
                // Z_BUF_ERROR only means "no progress this call" and is not fatal.
                guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else {
                    throw JournalError.zlib(call: "deflate", code: code, path: destination)
                }
                let produced = chunk - Int(stream.pointee.avail_out)
                try Posix.writeAll(
                    output, UnsafeRawBufferPointer(rebasing: outBuf[0..<produced]), path: destination)
            } while stream.pointee.avail_out == 0
            if flush == Z_FINISH {
                guard code == Z_STREAM_END else {
                    throw JournalError.zlib(call: "deflate(Z_FINISH)", code: code, path: destination)
                }
                break
            }
        }
        ended = true
        let endCode = deflateEnd(stream)
        guard endCode == Z_OK else {
            throw JournalError.zlib(call: "deflateEnd", code: endCode, path: destination)
        }
        if fsync(output) != 0 { throw JournalError.system(call: "fsync", path: destination, errno: errno) }
    }
}

/// Streams the uncompressed bytes of a gzip file (inflate with windowBits 15+32, which also
/// accepts zlib headers; concatenated gzip members are read one after another).
final class GzipReader: JournalByteSource {
    private let path: String
    private let fd: Int32
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var streamEnded = false

    init(path: String) throws {
        self.path = path
        fd = try Posix.open(path, O_RDONLY)
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        let rc = inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            Posix.close(fd)
            stream.deallocate()
            input.deallocate()
            throw JournalError.zlib(call: "inflateInit2", code: rc, path: path)
        }
    }

    deinit {
        _ = inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
        Posix.close(fd)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            if stream.pointee.avail_in == 0 && !inputEnded {
                let n = try Posix.read(fd, into: input, path: path)
                if n == 0 {
                    inputEnded = true
                } else {
                    stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_in = uInt(n)
                }
            }
            if streamEnded {
                // A further gzip member may follow; anything else ends the file.
                guard stream.pointee.avail_in > 0 else { return 0 }
                let rc = inflateReset(stream)
                guard rc == Z_OK else { throw JournalError.zlib(call: "inflateReset", code: rc, path: path) }
                streamEnded = false
            }
            stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(buffer.count)
            let rc = inflate(stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(stream.pointee.avail_out)
            switch rc {
            case Z_OK:
                break
            case Z_STREAM_END:
                streamEnded = true
            case Z_BUF_ERROR:
                if inputEnded && produced == 0 { throw JournalError.truncatedGzip(path: path) }
            default:
                throw JournalError.zlib(call: "inflate", code: rc, path: path)
            }
            if produced > 0 { return produced }
            if streamEnded && inputEnded && stream.pointee.avail_in == 0 { return 0 }
        }
    }

    func skip(_ count: UInt64) throws {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { scratch.deallocate() }
        var left = count
        while left > 0 {
            let want = Int(min(left, UInt64(scratch.count)))
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[0..<want]))
            if n == 0 { return }
            left -= UInt64(n)
        }
    }
}
