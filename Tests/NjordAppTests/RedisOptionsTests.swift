import Foundation
import NjordConfig
import NjordRedis
import Testing

@testable import NjordApp
@testable import NjordServiceKit

/// How `--redis`, `NJORD_REDIS_URL`, the `redis:` section of the config and the local fallbacks
/// become bus options.
@Suite struct RedisOptionsTests {
    typealias Endpoint = NjordRedis.RedisEndpoint

    @Test func urlFormsParseWithUserPortDatabaseAndThePasswordGivenApart() {
        #expect(RedisURL.parse("redis://127.0.0.1:6479", password: nil) == .tcp(port: 6479))
        #expect(
            RedisURL.parse("redis://alice@10.0.0.5:6380/3", password: "s3cret")
                == .tcp(host: "10.0.0.5", port: 6380, database: 3, username: "alice", password: "s3cret"))
        #expect(RedisURL.parse("redis://[::1]:6379", password: nil) == .tcp(host: "::1", port: 6379))
        #expect(RedisURL.parse("unix:///var/run/redis.sock", password: nil) == .unix(path: "/var/run/redis.sock"))
        #expect(
            RedisURL.parse("unix:///tmp/r.sock?db=2", password: "p")
                == .unix(path: "/tmp/r.sock", database: 2, password: "p"))
    }

    @Test func theDefaultDatabaseAppliesOnlyWhenTheURLNamesNone() {
        #expect(RedisURL.parse("redis://h:1", password: nil, defaultDatabase: 4)?.database == 4)
        #expect(RedisURL.parse("redis://h:1/0", password: nil, defaultDatabase: 4)?.database == 0)
        #expect(RedisURL.parse("unix:///s.sock", password: nil, defaultDatabase: 4)?.database == 4)
    }

    @Test(arguments: [
        "redis://h", "redis://h:0", "redis://h:70000", "redis://:6379", "redis://h:6379/x", "redis://h:6379/-1",
        "http://h:6379", "unix://relative.sock", "unix:///s.sock?database=1", "rediss://h:6379", "",
    ])
    func malformedURLsAreRejected(_ text: String) {
        #expect(RedisURL.parse(text, password: nil) == nil)
    }

    @Test func configMapsEndpointDatabaseCredentialsTimeoutsAndCaps() throws {
        let config = RedisConfig(
            endpoint: .tcp(host: "10.1.2.3", port: 6390), db: 5, usernameEnv: "BUS_USER", passwordEnv: "BUS_PASS",
            connectTimeoutMs: 750, readTimeoutMs: 1500, reconnectMaxBackoffMs: 9000, streamMaxlen: 4242)
        let options = try RedisBusOptions(config: config, environment: ["BUS_USER": "njord", "BUS_PASS": "pw"])
        #expect(options.endpoint.address == .tcp(host: "10.1.2.3", port: 6390))
        #expect(options.endpoint.database == 5)
        #expect(options.endpoint.username == "njord")
        #expect(options.endpoint.password == "pw")
        #expect(options.endpoint.connectTimeout == .milliseconds(750))
        #expect(options.endpoint.readTimeout == .milliseconds(1500))
        #expect(options.reconnectCapMilliseconds == 9000)
        #expect(options.streamMaxLength == 4242)
    }

    @Test func configEndpointFormsMap() throws {
        let unix = try RedisBusOptions(
            config: RedisConfig(endpoint: .unixSocket(path: "/run/r.sock"), db: 1), environment: [:])
        #expect(unix.endpoint.address == .unix(path: "/run/r.sock"))
        #expect(unix.endpoint.database == 1)
        #expect(unix.endpoint.password == nil && unix.endpoint.username == nil)

        let url = try RedisBusOptions(
            config: RedisConfig(endpoint: .url("redis://ops@h:6400"), db: 2, passwordEnv: "P"), environment: ["P": "x"])
        #expect(url.endpoint.address == .tcp(host: "h", port: 6400))
        #expect(url.endpoint.database == 2, "redis.db applies when the URL names no database")
        #expect(url.endpoint.username == "ops")
        #expect(url.endpoint.password == "x")
    }

    @Test func aNamedCredentialVariableThatIsUnsetIsAClearError() {
        let config = RedisConfig(endpoint: .tcp(host: "h", port: 1), passwordEnv: "NJORD_TEST_PW")
        #expect(throws: RedisConfigMappingError.credentialUnset(key: "password_env", variable: "NJORD_TEST_PW")) {
            try RedisBusOptions(config: config, environment: ["NJORD_TEST_PW": ""])
        }
        #expect(
            RedisConfigMappingError.credentialUnset(key: "password_env", variable: "NJORD_TEST_PW").description
                .contains("NJORD_TEST_PW"))
    }

    @Test func tlsURLsAreRefusedByName() {
        let config = RedisConfig(endpoint: .url("rediss://h:6380"))
        #expect(throws: RedisConfigMappingError.unsupportedURL("rediss://h:6380")) {
            try RedisBusOptions(config: config, environment: [:])
        }
    }

    // MARK: - Resolution order

    func options(_ arguments: [String]) throws -> RedisOptions { try RedisOptions.parse(arguments) }

    @Test func theRedisFlagWinsOverTheEnvironmentAndTheConfig() throws {
        let resolved = try options(["--redis", "redis://h:7000", "--config-dir", Self.repoConfig])
            .busOptions(environment: ["NJORD_REDIS_URL": "redis://e:7001", "NJORD_REDIS_PASSWORD": "pw"])
        #expect(resolved.endpoint == .tcp(host: "h", port: 7000, password: "pw"))
        let fromEnvironment = try options(["--config-dir", Self.repoConfig])
            .busOptions(environment: ["NJORD_REDIS_URL": "redis://e:7001"])
        #expect(fromEnvironment.endpoint.address == .tcp(host: "e", port: 7001))
    }

    @Test func theConfigDirectoryIsReadWhenNoURLIsGiven() throws {
        let resolved = try options(["--config-dir", Self.repoConfig])
            .busOptions(environment: ["NJORD_REDIS_PORT": "6411", "NJORD_REDIS_STREAM_MAXLEN": "777"])
        #expect(resolved.endpoint.address == .tcp(host: "127.0.0.1", port: 6411))
        #expect(resolved.streamMaxLength == 777)
        #expect(resolved.endpoint.readTimeout == .milliseconds(1000))
    }

    @Test func aConfigThatDoesNotLoadIsAnErrorNamingTheProblem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("njord-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect {
            try options(["--config-dir", directory.path]).busOptions(environment: [:])
        } throws: { error in
            "\(error)".contains("base.yaml")
        }
    }

    @Test func withoutAConfigDirectoryTheProjectServerIsTheFallback() throws {
        let resolved = try options(["--config-dir", "/nonexistent/njord-config"]).busOptions(environment: [:])
        let socketExists = FileManager.default.fileExists(atPath: "var/run/redis.sock")
        #expect(
            resolved.endpoint
                == (socketExists ? .unix(path: "var/run/redis.sock") : .tcp(port: Endpoint.projectDefaultPort)))
    }

    /// The repository's own `config/`.
    static let repoConfig = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config").path
}
