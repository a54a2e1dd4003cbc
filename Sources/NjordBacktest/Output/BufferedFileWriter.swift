import NjordCore

#if canImport(Glibc)
    import Glibc
#endif

/// Appends bytes to a new file through a buffer written out 256 KiB at a time: a run's long files
/// grow without their contents being held, and the buffer stays in the core's cache while it fills.
///
/// A run folder is written with plain `write(2)` and never synced. Its files are a function of the
/// data, config and version, so a run lost to a power cut is run again, not recovered; durability is
/// the journals' job. Foundation's `Data.write(to:)` fsyncs every file, and with two sweep workers
/// writing 3–4 MB per job both waited on the same disk: that wait, not the computation, was most of
/// what a job lost when two ran side by side.
final class BufferedFileWriter {
    static let flushBytes = 1 << 18

    /// Why a run file could not be written; names the file and the system's reason.
    enum Failure: Error, CustomStringConvertible {
        case open(path: String, errno: Int32)
        case write(path: String, errno: Int32)

        var description: String {
            switch self {
            case .open(let path, let code): "cannot create \(path): \(String(cString: strerror(code)))"
            case .write(let path, let code): "cannot write \(path): \(String(cString: strerror(code)))"
            }
        }
    }

    let path: String
    var buffer: [UInt8] = []
    private var descriptor: Int32

    /// Creates (or truncates) the file at `path`; `reserving` sizes the buffer for streaming.
    init(path: String, reserving: Bool = true) throws(Failure) {
        self.path = path
        descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .open(path: path, errno: errno) }
        if reserving { buffer.reserveCapacity(Self.flushBytes + 4096) }
    }

    deinit { if descriptor >= 0 { _ = Glibc.close(descriptor) } }

    /// Writes `bytes` as the whole content of the file at `path` (created or truncated).
    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let file = try BufferedFileWriter(path: path, reserving: false)
        file.buffer = bytes
        try file.close()
    }

    /// Writes the buffer out once it holds `flushBytes`.
    func flushIfFull() throws(Failure) {
        if buffer.count >= Self.flushBytes { try flush() }
    }

    func flush() throws(Failure) {
        guard !buffer.isEmpty else { return }
        if let code = FileWrite.all(descriptor, buffer) { throw .write(path: path, errno: code) }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws(Failure) {
        try flush()
        let result = Glibc.close(descriptor)
        descriptor = -1
        if result != 0 { throw .write(path: path, errno: errno) }
    }
}
