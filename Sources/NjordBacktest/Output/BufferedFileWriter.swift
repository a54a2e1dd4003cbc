import Foundation

/// Appends bytes to a new file through a buffer written out a mebibyte at a time: a streamed run's
/// files grow without their contents being held.
final class BufferedFileWriter {
    static let flushBytes = 1 << 20

    let path: String
    var buffer: [UInt8] = []
    private let handle: FileHandle

    /// Creates (or truncates) the file at `path`.
    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        self.path = path
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        buffer.reserveCapacity(Self.flushBytes + 4096)
    }

    /// Writes the buffer out once it holds a mebibyte.
    func flushIfFull() throws {
        if buffer.count >= Self.flushBytes { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle.close()
    }
}
