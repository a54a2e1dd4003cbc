import NjordRedis
import NjordTestSupport
import Testing

@Suite struct RedisConnectionAuthTests {
    @Test func wrongPasswordGivesAuthenticationFailedNamingUserNotPassword() throws {
        let server = try RedisServerFixture(arguments: ["--requirepass", "right-pw-7"])
        do {
            _ = try RedisConnection(endpoint: server.tcpEndpoint(password: "wrong-pw-123"))
            Issue.record("AUTH with a wrong password succeeded")
        } catch {
            guard case .authenticationFailed(let user, let reply) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(user == "default")
            #expect(reply.hasPrefix("WRONGPASS"))
            #expect(error.description.hasPrefix("AUTH failed for user 'default': WRONGPASS"))
            #expect(!error.description.contains("wrong-pw-123"))
            #expect(!error.isConnectionLost)
        }
    }

    @Test func rightPasswordLogsInAndNoPasswordIsRefused() throws {
        let server = try RedisServerFixture(arguments: ["--requirepass", "right-pw-7"])
        let redis = try RedisConnection(endpoint: server.tcpEndpoint(password: "right-pw-7"))
        #expect(try redis.command(["PING"]) == .status("PONG"))
        let anonymous = try RedisConnection(endpoint: server.tcpEndpoint())
        #expect { try anonymous.command(["PING"]) } throws: { error in
            if case .serverError(let text) = error as? RedisError { text.hasPrefix("NOAUTH") } else { false }
        }
    }

    @Test func aclUserLogsInWithUsernameAndWrongPasswordNamesThatUser() throws {
        let server = try RedisServerFixture(arguments: [
            "--user", "alice", "on", ">alice-pw", "~*", "&*", "+@all",
        ])
        let alice = try RedisConnection(endpoint: server.tcpEndpoint(username: "alice", password: "alice-pw"))
        #expect(try alice.command(["ACL", "WHOAMI"]).string == "alice")
        #expect {
            try RedisConnection(endpoint: server.tcpEndpoint(username: "alice", password: "nope-42"))
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("AUTH failed for user 'alice'") && !text.contains("nope-42")
        }
    }
}
