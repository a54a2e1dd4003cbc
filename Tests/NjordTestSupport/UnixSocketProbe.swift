#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Asks a Redis server on a unix socket, with plain sockets (so that the fixture does not depend on
/// the client under test), whether it serves commands: an integer reply, or `-NOAUTH` when the
/// server wants a password; not `-LOADING`, which a server reading its append-only file gives.
enum UnixSocketProbe {
    static func isServing(at path: String) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
        guard connected else { return false }
        // A data command, not PING: a server still loading its append-only file answers it with
        // -LOADING, and a test that went on then would find its data "unreachable".
        let probe = Array("EXISTS njord-fixture-probe\r\n".utf8)
        guard send(fd, probe, probe.count, Int32(MSG_NOSIGNAL)) == probe.count else { return false }
        var answer = [UInt8](repeating: 0, count: 64)
        let count = recv(fd, &answer, answer.count, 0)
        guard count > 0 else { return false }
        let reply = answer[0..<count]
        // ":0" when it serves; "-NOAUTH …" also means it serves (a password is set).
        return reply.first == UInt8(ascii: ":")
            || (reply.first == UInt8(ascii: "-") && !reply.starts(with: Array("-LOADING".utf8)))
    }
}
