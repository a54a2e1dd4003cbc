import NjordRedis
import Testing

@testable import NjordTestSupport

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct RedisServerFixtureTests {
    @Test func restartKeepsPortAndAppendOnlyData() throws {
        let server = try RedisServerFixture(arguments: ["--appendonly", "yes", "--appendfsync", "always"])
        let port = server.port
        _ = try RedisConnection(endpoint: server.tcpEndpoint()).command(["SET", "kept", "yes"])
        try server.restart()
        #expect(server.port == port)
        #expect(try RedisConnection(endpoint: server.tcpEndpoint()).command(["GET", "kept"]).string == "yes")
    }

    @Test func stopReapsTheServerProcess() throws {
        let server = try RedisServerFixture()
        let pid = try #require(server.pid)
        server.stop()
        #expect(server.pid == nil)
        // Reaped, not a zombie: the pid no longer names a process of ours.
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
        #expect(throws: RedisError.self) { try RedisConnection(endpoint: server.unixEndpoint()) }
    }

    /// One connection on a fresh unix socket, answered with `reply` whatever it asks.
    static func probe(answering reply: String) -> Bool {
        let path = "/tmp/njord-probe-\(UInt32.random(in: 0...UInt32.max)).sock"
        defer { unlink(path) }
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8))
            raw[path.utf8.count] = 0
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
        guard bound, listen(listener, 1) == 0 else { return false }
        let server = NjordTestSupport.Thread {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            var request = [UInt8](repeating: 0, count: 256)
            _ = recv(connection, &request, request.count, 0)
            let bytes = Array(reply.utf8)
            _ = send(connection, bytes, bytes.count, Int32(MSG_NOSIGNAL))
            close(connection)
        }
        server.start()
        defer { server.join() }
        return UnixSocketProbe.isServing(at: path)
    }

    @Test func aServerStillLoadingItsDataIsNotReadyYetOneThatWantsAPasswordIs() {
        #expect(!Self.probe(answering: "-LOADING Redis is loading the dataset in memory\r\n"))
        #expect(Self.probe(answering: ":0\r\n"))
        #expect(Self.probe(answering: "-NOAUTH Authentication required.\r\n"))
    }
}
