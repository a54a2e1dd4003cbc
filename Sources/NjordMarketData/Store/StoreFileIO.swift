import NjordCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The POSIX calls the store needs, each failure a ``StoreError/system(call:path:errno:)``, EINTR retried.
enum StoreFileIO {
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw StoreError.system(call: "open", path: path, errno: errno) }
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: UInt64? = nil, path: String) throws {
        if let code = FileWrite.all(fd, bytes, at: offset) {
            throw StoreError.system(call: "write", path: path, errno: code)
        }
    }

    /// Reads exactly `buffer.count` bytes at `offset`; false when the file ends first.
    static func readExactly(
        _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64, path: String
    ) throws -> Bool {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError.system(call: "pread", path: path, errno: errno)
            }
            if n == 0 { return false }
            done += n
        }
        return true
    }

    static func fileSize(_ fd: Int32, path: String) throws -> UInt64 {
        var st = stat()
        if fstat(fd, &st) != 0 { throw StoreError.system(call: "fstat", path: path, errno: errno) }
        return UInt64(st.st_size)
    }

    static func sync(_ fd: Int32, path: String) throws {
        if fsync(fd) != 0 { throw StoreError.system(call: "fsync", path: path, errno: errno) }
    }

    static func syncDirectory(_ path: String) throws {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { _ = Glibc.close(fd) }
        try sync(fd, path: path)
    }

    static func makeDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw StoreError.system(call: "mkdir", path: current, errno: errno)
            }
        }
    }

    /// Entry names of a directory, sorted; empty when it does not exist.
    static func list(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw StoreError.system(call: "opendir", path: path, errno: errno)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func rename(_ from: String, _ to: String) throws {
        if Glibc.rename(from, to) != 0 { throw StoreError.system(call: "rename", path: from, errno: errno) }
    }

    static func unlink(_ path: String) { _ = Glibc.unlink(path) }

    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    static var processId: Int32 { getpid() }
}
