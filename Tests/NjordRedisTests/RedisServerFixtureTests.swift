import NjordRedis
import NjordTestSupport
import Testing

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
}
