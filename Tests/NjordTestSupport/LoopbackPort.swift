#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP socket bound to a loopback port but not listening: connects to it are refused, and while
/// it is held no server can take the port. Tests use it for "nothing listens here".
public final class LoopbackPort {
    public let port: Int
    private let fd: Int32

    /// Binds port 0 on 127.0.0.1 and keeps the socket; nil if the system refuses.
    public init?() {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        guard let port = Self.bindLoopback(fd, port: 0) else {
            close(fd)
            return nil
        }
        self.fd = fd
        self.port = port
    }

    deinit { close(fd) }

    /// True if a socket can bind the port on 127.0.0.1 right now (it may be taken a moment later).
    public static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        return bindLoopback(fd, port: port) != nil
    }

    /// Binds `fd` to 127.0.0.1:`port` and returns the port bound (the kernel's pick for 0).
    private static func bindLoopback(_ fd: Int32, port: Int) -> Int? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7f00_0001).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}
