import Foundation
import NjordRedis

#if canImport(Glibc)
    import Glibc
#endif

/// A redis-server of the benchmark's own on a free loopback port, stopped by pid.
final class LocalRedisServer {
    let port: Int
    let directory: String
    private let process: Process

    init(extraArguments: [String] = []) throws {
        directory = NSTemporaryDirectory() + "njord-bench-redis-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.which("redis-server"))
        process.arguments =
            [
                "--port", String(port), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--logfile", directory + "/redis.log",
            ] + extraArguments
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let c = try? RedisConnection(endpoint: .tcp(port: port)), (try? c.command(["PING"])) != nil { return }
            usleep(10_000)
        }
        stop()
        throw BenchError.serverDidNotStart(directory + "/redis.log")
    }

    /// Runs `body` against a fresh server, stopped when it returns or throws.
    static func with<T>(_ body: (LocalRedisServer) throws -> T) throws -> T {
        let server = try LocalRedisServer()
        defer { server.stop() }
        return try body(server)
    }

    var endpoint: RedisEndpoint { .tcp(port: port, readTimeout: .seconds(30)) }
    var url: String { "redis://127.0.0.1:\(port)" }

    /// Stops the server by pid. Children spawned from a Swift process inherit its blocked signals,
    /// so SIGTERM may never arrive: SIGKILL is the reliable stop for a throwaway server.
    func stop() {
        Self.kill(process)
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    static func kill(_ process: Process) {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw BenchError.noFreePort }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func which(_ program: String) throws -> String {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw BenchError.missingProgram(program)
    }
}

/// Why a benchmark could not run.
enum BenchError: Error, CustomStringConvertible {
    /// redis-server did not answer PING; its log is named.
    case serverDidNotStart(String)
    /// No loopback port could be bound.
    case noFreePort
    /// A program the benchmark needs is not on PATH (run scripts/install-deps).
    case missingProgram(String)
    /// A peer tool's output could not be read.
    case unreadableOutput(String)
    /// A measurement did not complete within its deadline.
    case incomplete(String)

    var description: String {
        switch self {
        case .serverDidNotStart(let log): "redis-server did not start; see \(log)"
        case .noFreePort: "no free loopback port"
        case .missingProgram(let p): "\(p) not found on PATH; run scripts/install-deps"
        case .unreadableOutput(let o): "could not read: \(o)"
        case .incomplete(let what): "incomplete: \(what)"
        }
    }
}
