import NjordCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX calls the journal needs, each turning a failure into `JournalError.system`
/// and retrying on EINTR. Plain file descriptors keep the hot path free of Foundation.
enum Posix {
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw JournalError.system(call: "open", path: path, errno: errno) }
        }
    }

    /// Writes every byte, continuing after short writes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        if let code = FileWrite.all(fd, bytes) { throw JournalError.system(call: "write", path: path, errno: code) }
    }

    /// Reads up to `buffer.count` bytes; 0 at end of file.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw JournalError.system(call: "read", path: path, errno: errno) }
        }
    }

    /// Makes written data (and the size that makes it readable) durable.
    static func syncData(_ fd: Int32, path: String) throws {
        #if os(Linux)
            let rc = fdatasync(fd)
        #else
            let rc = fsync(fd)
        #endif
        if rc != 0 { throw JournalError.system(call: "fdatasync", path: path, errno: errno) }
    }

    /// Makes a directory's entries durable: a created, renamed or removed file survives power loss
    /// only once its directory is synced.
    static func syncDirectory(_ path: String) throws {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { _ = Glibc.close(fd) }
        if fsync(fd) != 0 { throw JournalError.system(call: "fsync", path: path, errno: errno) }
    }

    /// `mkdir -p`.
    static func makeDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw JournalError.system(call: "mkdir", path: current, errno: errno)
            }
        }
    }

    /// Entry names of a directory (without `.` and `..`); nil when it does not exist.
    static func listDirectory(_ path: String) throws -> [String]? {
        guard let dir = opendir(path) else {
            if errno == ENOENT { return nil }
            throw JournalError.system(call: "opendir", path: path, errno: errno)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func fileSize(_ fd: Int32, path: String) throws -> UInt64 {
        var st = stat()
        if fstat(fd, &st) != 0 { throw JournalError.system(call: "fstat", path: path, errno: errno) }
        return UInt64(st.st_size)
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func rename(_ from: String, _ to: String) throws {
        if Glibc.rename(from, to) != 0 { throw JournalError.system(call: "rename", path: from, errno: errno) }
    }

    static func unlink(_ path: String) throws {
        if Glibc.unlink(path) != 0 && errno != ENOENT {
            throw JournalError.system(call: "unlink", path: path, errno: errno)
        }
    }

    static func seek(_ fd: Int32, to offset: UInt64, path: String) throws {
        if lseek(fd, off_t(offset), SEEK_SET) < 0 {
            throw JournalError.system(call: "lseek", path: path, errno: errno)
        }
    }

    /// The last byte of a file, or nil when it is empty.
    static func lastByte(_ fd: Int32, size: UInt64, path: String) throws -> UInt8? {
        guard size > 0 else { return nil }
        var byte: UInt8 = 0
        let n = pread(fd, &byte, 1, off_t(size - 1))
        if n != 1 { throw JournalError.system(call: "pread", path: path, errno: n < 0 ? errno : EIO) }
        return byte
    }

    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    /// A second descriptor of the same open file (a sync through it covers the file).
    static func duplicate(_ fd: Int32, path: String) throws -> Int32 {
        let copy = fcntl(fd, F_DUPFD_CLOEXEC, 0)
        if copy < 0 { throw JournalError.system(call: "fcntl(F_DUPFD_CLOEXEC)", path: path, errno: errno) }
        return copy
    }
}
