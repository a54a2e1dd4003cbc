import Foundation
public import NjordConsole

#if canImport(Glibc)
    import Glibc
#endif

/// The console's tail of the daemons' NDJSON logs: every `<service>.ndjson` directly in the log
/// directory (`NjordLogging.logFilePath`; the journals in its subfolders are not logs), read from
/// where the last poll stopped. Files present at the first poll start with their last
/// ``Limits/initialBytes`` (the cut first line dropped); files that appear later are read from
/// their start.
///
/// Only whole lines are handed on; a partial last line waits for its newline. A file that shrank
/// was truncated (copytruncate) and is read again from its start; a file whose name now points to
/// another inode was rotated: the old one is read to its end through the descriptor still open,
/// then the new one from its start. Memory and work per poll are bounded: a file too far ahead is
/// skipped to its last lines, a line too long is cut (and so shows as malformed), and at most
/// ``Limits/maxFiles`` files are followed. Every one of these says so in a ``LogFileNotice``.
public final class LogFileTailer: LogFileSource {
    /// The bounds of one tailer.
    public struct Limits: Sendable {
        /// How much of a file present at the first poll is shown (its last lines).
        public var initialBytes = 64 * 1024
        /// Bytes read from one file per poll; the rest waits for the next poll.
        public var bytesPerPoll = 256 * 1024
        /// A file more than this ahead of the tail is skipped to its last ``initialBytes``.
        public var maxLagBytes = 4 * 1024 * 1024
        /// A longer line is cut here.
        public var maxLineBytes = 16 * 1024
        /// Files followed at once (by name order).
        public var maxFiles = 64

        public init() {}
    }

    public static let fileSuffix = ".ndjson"

    public let directory: String
    public let limits: Limits
    private var files: [String: TailedFile] = [:]
    private var firstPoll = true
    private var warnedAboutFileCount = false

    public init(directory: String, limits: Limits = Limits()) {
        self.directory = directory
        self.limits = limits
    }

    deinit {
        for file in files.values { close(file.descriptor) }
    }

    public func poll() -> LogFileBatch {
        var batch = LogFileBatch()
        let names = logFileNames()
        if names.count > limits.maxFiles, !warnedAboutFileCount {
            warnedAboutFileCount = true
            batch.notices.append(
                LogFileNotice(
                    service: "console",
                    message: "\(names.count) log files in \(directory); following the first \(limits.maxFiles)"))
        }
        let followed = Array(names.prefix(limits.maxFiles))
        for name in files.keys where !followed.contains(name) {
            // Deleted (or renamed away without a successor): what it still held is read first.
            if var file = files.removeValue(forKey: name) {
                read(&file, upTo: fileSize(file.descriptor), into: &batch)
                finishPartialLine(&file, into: &batch)
                close(file.descriptor)
            }
        }
        for name in followed { follow(name, into: &batch) }
        firstPoll = false
        return batch
    }

    /// The `*.ndjson` regular files directly in the directory, by name.
    private func logFileNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(Self.fileSuffix) && $0.count > Self.fileSuffix.count }.sorted()
    }

    private func follow(_ name: String, into batch: inout LogFileBatch) {
        let path = directory + "/" + name
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
        if var file = files[name] {
            guard file.device != info.st_dev || file.inode != info.st_ino else {
                advance(&file, into: &batch)
                files[name] = file
                return
            }
            // Rotated: the rest of the old file, then the new one from its start.
            read(&file, upTo: fileSize(file.descriptor), into: &batch)
            finishPartialLine(&file, into: &batch)
            close(file.descriptor)
            files[name] = nil
            batch.notices.append(
                LogFileNotice(service: file.service, message: "\(name) was rotated; reading the new file"))
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            batch.notices.append(
                LogFileNotice(
                    service: Self.service(of: name),
                    message: "cannot read \(path): \(String(cString: strerror(errno)))"))
            return
        }
        var file = TailedFile(
            service: Self.service(of: name), descriptor: descriptor, device: info.st_dev, inode: info.st_ino)
        if firstPoll {
            let size = fileSize(descriptor)
            if size > Int64(limits.initialBytes) {
                file.offset = size - Int64(limits.initialBytes)
                file.skippingToNewline = true
            }
        }
        advance(&file, into: &batch)
        files[name] = file
    }

    /// Reads what was appended since the last poll, minding truncation and lag.
    private func advance(_ file: inout TailedFile, into batch: inout LogFileBatch) {
        let size = fileSize(file.descriptor)
        if size < file.offset {
            batch.notices.append(
                LogFileNotice(
                    service: file.service, message: "\(file.service).ndjson was truncated; reading from its start"))
            file.offset = 0
            file.pending = []
            file.skippingToNewline = false
        }
        if size - file.offset > Int64(limits.maxLagBytes) {
            let resume = size - Int64(limits.initialBytes)
            batch.notices.append(
                LogFileNotice(
                    service: file.service,
                    message:
                        "skipped \(resume - file.offset) bytes of \(file.service).ndjson (written faster than shown)"))
            file.offset = resume
            file.pending = []
            file.skippingToNewline = true
        }
        read(&file, upTo: min(size, file.offset + Int64(limits.bytesPerPoll)), into: &batch)
    }

    /// Reads `[offset, end)` and hands on every line it completes.
    private func read(_ file: inout TailedFile, upTo end: Int64, into batch: inout LogFileBatch) {
        guard end > file.offset else { return }
        var buffer = [UInt8](repeating: 0, count: Int(end - file.offset))
        let count = buffer.withUnsafeMutableBytes {
            pread(file.descriptor, $0.baseAddress, $0.count, off_t(file.offset))
        }
        guard count > 0 else { return }
        file.offset += Int64(count)
        var start = 0
        for index in 0..<count where buffer[index] == UInt8(ascii: "\n") {
            if file.skippingToNewline {
                file.skippingToNewline = false
            } else {
                file.pending.append(contentsOf: buffer[start..<index])
                emit(&file, into: &batch)
            }
            start = index + 1
        }
        guard start < count, !file.skippingToNewline else { return }
        file.pending.append(contentsOf: buffer[start..<count])
        if file.pending.count > limits.maxLineBytes {
            // Cut here and drop the rest of the line when its newline comes.
            emit(&file, into: &batch)
            file.skippingToNewline = true
        }
    }

    /// A file that goes away may end without a newline: what it holds is its last line.
    private func finishPartialLine(_ file: inout TailedFile, into batch: inout LogFileBatch) {
        if !file.pending.isEmpty, !file.skippingToNewline { emit(&file, into: &batch) }
        file.pending = []
    }

    private func emit(_ file: inout TailedFile, into batch: inout LogFileBatch) {
        var line = file.pending
        file.pending = []
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { return }
        if line.count > limits.maxLineBytes { line = Array(line.prefix(limits.maxLineBytes)) }
        batch.lines.append(LogFileLine(service: file.service, bytes: line))
    }

    private func fileSize(_ descriptor: Int32) -> Int64 {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Int64(info.st_size) : 0
    }

    static func service(of name: String) -> String { String(name.dropLast(fileSuffix.count)) }

    /// One followed file: its open descriptor (so a rotated file can be finished), where the
    /// next read starts, and the start of a line whose newline has not been written yet.
    private struct TailedFile {
        var service: String
        var descriptor: Int32
        var device: dev_t
        var inode: ino_t
        var offset: Int64 = 0
        var pending: [UInt8] = []
        /// After a jump into the middle of a file or a cut line: drop bytes up to the next newline.
        var skippingToNewline = false
    }
}
