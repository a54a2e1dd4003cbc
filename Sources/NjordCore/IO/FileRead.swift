#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one loop that reads a whole file, the counterpart of ``FileWrite``: plain `read(2)` into one
/// buffer sized by the file (no Foundation `Data`, no copy after the read), retrying after EINTR,
/// growing for a file that grows meanwhile or a pipe. Not mapped: a file truncated under a mapping
/// would kill the process with SIGBUS, and a bad file must only fail its load.
public enum FileRead {
    /// Why a file could not be read; each caller turns it into its own error.
    public enum Failure: Error, Equatable, Sendable {
        case open(errno: Int32)
        case notRegularFile
        case read(errno: Int32)

        /// The errno of the failure (EINVAL for a file of the wrong kind).
        public var code: Int32 {
            switch self {
            case .open(let code), .read(let code): code
            case .notRegularFile: EINVAL
            }
        }
    }

    /// Hands every byte of the file at `path` to `body` (valid only during the call) and returns
    /// what it returns. With `requireRegularFile`, a directory, pipe or device is refused.
    public static func withContents<R>(
        of path: String, requireRegularFile: Bool = false, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) throws(Failure) -> R {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .open(errno: errno) }
        defer { close(fd) }
        var info = stat()
        let isRegular = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        if requireRegularFile && !isRegular { throw .notRegularFile }
        // One byte more than the size, so that a file read whole ends in a read of 0 without a
        // reallocation.
        var capacity = max(isRegular ? Int(info.st_size) + 1 : 0, 1 << 16)
        guard var base = malloc(capacity)?.assumingMemoryBound(to: UInt8.self) else { throw .read(errno: ENOMEM) }
        defer { free(base) }
        var count = 0
        while true {
            if count == capacity {
                guard let grown = realloc(base, capacity * 2)?.assumingMemoryBound(to: UInt8.self) else {
                    throw .read(errno: ENOMEM)
                }
                base = grown
                capacity *= 2
            }
            let n = read(fd, base + count, capacity - count)
            if n < 0 {
                if errno == EINTR { continue }
                throw .read(errno: errno)
            }
            if n == 0 { break }
            count += n
        }
        return body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Fills `buffer` from byte `offset` of the open file `fd` with `pread(2)`, retrying after
    /// EINTR and continuing after short reads; false at an error or when the file ends first. For a
    /// file read in known pieces (a header, then columns straight into their arrays).
    public static func fill(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        var done = 0
        while done < buffer.count {
            let n = pread(fd, base + done, buffer.count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }
}
