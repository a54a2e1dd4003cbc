import NjordRedis
import NjordTestSupport
import Testing

@Suite struct RedisConnectionTests {
    @Test func connectsOverTCPAndAnswersPing() throws {
        let server = try RedisServerFixture()
        let redis = try RedisConnection(endpoint: server.tcpEndpoint())
        #expect(try redis.command(["PING"]) == .status("PONG"))
    }

    @Test func connectsOverUnixSocketWithoutTCP() throws {
        let server = try RedisServerFixture(tcp: false)
        #expect(server.port == nil)
        let redis = try RedisConnection(endpoint: server.unixEndpoint())
        #expect(try redis.command(["ECHO", "hi"]) == .bytes(Array("hi".utf8)))
    }

    @Test func bytesWithNulAndCRLFRoundTripUnchanged() throws {
        let server = try RedisServerFixture()
        let redis = try RedisConnection(endpoint: server.tcpEndpoint())
        let key: [UInt8] = [0x6b, 0x00, 0x0d, 0x0a, 0x6b]
        let value: [UInt8] = [0x00, 0x0d, 0x0a, 0xff, 0x00, 0x24, 0x2a, 0x0d]
        #expect(try redis.command([Array("SET".utf8), key, value]) == .status("OK"))
        #expect(try redis.command([Array("GET".utf8), key]) == .bytes(value))
        #expect(try redis.command([Array("STRLEN".utf8), key]) == .integer(Int64(value.count)))
        #expect(try redis.command(["GET", "missing"]) == .null)
    }

    @Test func pipelinedRepliesComeBackInOrder() throws {
        let server = try RedisServerFixture()
        let redis = try RedisConnection(endpoint: server.unixEndpoint())
        let replies = try redis.pipeline(Array(repeating: ["INCR", "counter"], count: 10_000))
        #expect(replies == (1...10_000).map { RedisReply.integer(Int64($0)) })
        try redis.append(["SET", "a", "1"])
        try redis.append(["GET", "a"])
        #expect(try redis.getReply() == .status("OK"))
        #expect(try redis.getReply() == .bytes([0x31]))
    }

    @Test func errorReplyThrowsServerErrorAndConnectionStaysUsable() throws {
        let server = try RedisServerFixture()
        let redis = try RedisConnection(endpoint: server.tcpEndpoint())
        _ = try redis.command(["SET", "k", "abc"])
        #expect {
            try redis.command(["INCR", "k"])
        } throws: { error in
            guard case .serverError(let text) = error as? RedisError else { return false }
            return text.contains("not an integer")
        }
        #expect(try redis.command(["PING"]) == .status("PONG"))
        let replies = try redis.pipeline([["INCR", "k"], ["GET", "k"]])
        #expect(replies.first.map { if case .error = $0 { true } else { false } } == true)
        #expect(replies.last == .bytes(Array("abc".utf8)))
    }

    @Test func nothingListeningGivesConnectionFailed() throws {
        let unlistened = try #require(LoopbackPort())
        #expect {
            try RedisConnection(endpoint: .tcp(port: unlistened.port))
        } throws: { error in
            guard case .connectionFailed(let endpoint, let reason) = error as? RedisError else {
                return false
            }
            return endpoint == "127.0.0.1:\(unlistened.port)" && reason.contains("refused")
        }
        #expect {
            try RedisConnection(endpoint: .unix(path: "/nonexistent/njord-redis.sock"))
        } throws: { error in
            if case .connectionFailed = error as? RedisError { true } else { false }
        }
    }

    @Test func blockingReadPastReadTimeoutGivesTimeoutAndClosesConnection() throws {
        let server = try RedisServerFixture()
        let redis = try RedisConnection(endpoint: server.tcpEndpoint(readTimeout: .milliseconds(200)))
        let started = ContinuousClock.now
        #expect(throws: RedisError.timeout(operation: "reply to BLPOP")) {
            try redis.command(["BLPOP", "empty", "0"])
        }
        #expect(ContinuousClock.now - started >= .milliseconds(150))
        // A reply still owed would answer the next command: the connection must not be reused.
        #expect(!redis.isOpen)
        #expect { try redis.command(["PING"]) } throws: { error in
            if case .connectionClosed = error as? RedisError { true } else { false }
        }
    }

    @Test func streamsGroupReadAndAckWorkThroughCommand() throws {
        let server = try RedisServerFixture()
        let redis = try RedisConnection(endpoint: server.tcpEndpoint())
        #expect(try redis.command(["XGROUP", "CREATE", "orders", "g", "$", "MKSTREAM"]) == .status("OK"))
        let id = try #require(
            try redis.command(["XADD", "orders", "*", "symbol", "BTC", "qty", "1.5"]).string)
        let read = try redis.command([
            "XREADGROUP", "GROUP", "g", "c1", "COUNT", "10", "STREAMS", "orders", ">",
        ])
        let stream = try #require(read.array?.first?.array)
        #expect(stream.first?.string == "orders")
        let entry = try #require(stream.last?.array?.first?.array)
        #expect(entry.first?.string == id)
        #expect(entry.last?.array?.compactMap(\.string) == ["symbol", "BTC", "qty", "1.5"])
        #expect(try redis.command(["XACK", "orders", "g", id]) == .integer(1))
        #expect(try redis.command(["XPENDING", "orders", "g"]).array?.first == .integer(0))
    }

    @Test func killedServerMakesNextCommandFailWithConnectionError() throws {
        let server = try RedisServerFixture()
        let redis = try RedisConnection(endpoint: server.tcpEndpoint())
        #expect(try redis.command(["PING"]) == .status("PONG"))
        server.stop(graceful: false)
        do {
            _ = try redis.command(["PING"])
            Issue.record("a command to a killed server succeeded")
        } catch {
            #expect(error.isConnectionLost, "\(error)")
        }
        #expect(!redis.isOpen)
        try server.restart()
        let again = try RedisConnection(endpoint: server.tcpEndpoint())
        #expect(try again.command(["PING"]) == .status("PONG"))
    }

    @Test func selectChoosesTheEndpointsDatabase() throws {
        let server = try RedisServerFixture()
        let db3 = try RedisConnection(endpoint: server.tcpEndpoint(database: 3))
        let db0 = try RedisConnection(endpoint: server.tcpEndpoint())
        _ = try db3.command(["SET", "where", "three"])
        #expect(try db0.command(["GET", "where"]) == .null)
        #expect(try db3.command(["GET", "where"]).string == "three")
        #expect(throws: RedisError.serverError("SELECT 99: ERR DB index is out of range")) {
            try RedisConnection(endpoint: server.tcpEndpoint(database: 99))
        }
    }

    @Test func closedConnectionRefusesCommands() throws {
        let server = try RedisServerFixture()
        let redis = try RedisConnection(endpoint: server.unixEndpoint())
        redis.close()
        redis.close()
        #expect { try redis.command(["PING"]) } throws: { error in
            if case .connectionClosed(let reason) = error as? RedisError {
                reason.contains("closed by the client")
            } else {
                false
            }
        }
    }
}
