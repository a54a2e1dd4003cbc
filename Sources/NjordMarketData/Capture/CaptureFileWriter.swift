import Foundation
public import NjordCore

/// Appends raw frames to daily capture files, one line `<receive ns> <raw JSON>` each — the format
/// ``CaptureReplayer`` and ``ReplayVenueAdapter`` read — under `directory`, named
/// `<prefix>-<YYYY-MM-DD>.capture` by each frame's UTC receive day. Files are opened with O_APPEND,
/// so a restarted daemon continues the day's file.
public final class CaptureFileWriter {
    public let directory: String
    public let prefix: String
    private var day = ""
    private var handle: FileHandle?
    private var pending: [UInt8] = []
    /// Frames written since the start.
    public private(set) var framesWritten = 0

    public init(directory: String, prefix: String) {
        self.directory = directory
        self.prefix = prefix
    }

    /// The file a frame received at `time` goes to.
    public func path(for time: Timestamp) -> String { "\(directory)/\(prefix)-\(time.utcDate).capture" }

    /// Appends frames (one write per call and day). A frame's line breaks are replaced by spaces,
    /// which JSON allows, so every frame stays one line.
    public func append(_ frames: [RawFrame]) throws {
        for frame in frames {
            let time = Timestamp(nanosecondsSinceEpoch: frame.receiveNanoseconds)
            let frameDay = time.utcDate
            if frameDay != day {
                try flush()
                try open(path(for: time))
                day = frameDay
            }
            pending.append(contentsOf: String(frame.receiveNanoseconds).utf8)
            pending.append(0x20)
            for byte in frame.text.utf8 { pending.append(byte == 0x0A || byte == 0x0D ? 0x20 : byte) }
            pending.append(0x0A)
            framesWritten += 1
        }
        try flush()
    }

    public func close() throws {
        try flush()
        try handle?.close()
        handle = nil
    }

    private func flush() throws {
        guard !pending.isEmpty, let handle else { return }
        try handle.write(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }

    private func open(_ path: String) throws {
        try handle?.close()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }
}
