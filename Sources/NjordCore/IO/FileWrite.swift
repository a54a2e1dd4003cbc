#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one loop that writes a whole buffer to a file descriptor. `write(2)` may write less than
/// asked or be interrupted; every file writer (journals, the store, run folders, logs, the kill
/// switch's state) needs the same retry, and each turns a failure into its own error.
public enum FileWrite {
    /// Writes every byte of `bytes` to `fd` — at `offset` with `pwrite` when given, else at the
    /// file position — retrying after short writes and EINTR. Nil when everything was written;
    /// otherwise the failed call's errno (EIO when a write wrote nothing without an error).
    public static func all(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: UInt64? = nil) -> Int32? {
        guard var p = bytes.baseAddress else { return nil }
        var left = bytes.count
        var position = offset
        while left > 0 {
            let n = position.map { pwrite(fd, p, left, off_t($0)) } ?? write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return EIO }
            p += n
            left -= n
            position = position.map { $0 + UInt64(n) }
        }
        return nil
    }

    /// ``all(_:_:at:)`` for a byte array.
    public static func all(_ fd: Int32, _ bytes: [UInt8], at offset: UInt64? = nil) -> Int32? {
        bytes.withUnsafeBytes { all(fd, $0, at: offset) }
    }
}
