import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real `redis-server` for one test: its own temp directory, a unix socket in it, and (unless
/// `tcp: false`) a random free loopback port. No persistence unless the extra arguments ask for it
/// (`--appendonly yes --appendfsync always`). Stopped, and its directory removed, on deinit.
///
/// Extra arguments are appended to the defaults, so they win: `["--requirepass", "s3cret"]`,
/// `["--user", "alice", "on", ">pw", "~*", "&*", "+@all"]`.
public final class RedisServerFixture {
    /// The server's working directory (data, AOF, `redis.log`).
    public let directory: String
    /// The unix socket; always present, also used to see that the server is up.
    public let socketPath: String
    /// The loopback TCP port, or nil when the server listens on the unix socket only.
    public private(set) var port: Int?
    /// The running server's pid; nil after `stop()`.
    public private(set) var pid: Int32?
    private let extraArguments: [String]
    private let readyTimeout: Duration

    public init(
        tcp: Bool = true, arguments: [String] = [], readyTimeout: Duration = .seconds(10)
    ) throws(RedisServerFixtureError) {
        var template = Array("/tmp/njord-redis-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw .temporaryDirectory(errno: errno) }
        directory = String(cString: made)
        socketPath = directory + "/redis.sock"
        extraArguments = arguments
        self.readyTimeout = readyTimeout
        guard tcp else {
            try launch()
            return
        }
        // Redis cannot report a port it picked itself, so guess free ports until one binds.
        var lastError = RedisServerFixtureError.notReady(log: "no free port found")
        for _ in 0..<8 {
            let candidate = Int.random(in: 20_000..<60_000)
            guard LoopbackPort.isFree(candidate) else { continue }
            port = candidate
            do throws(RedisServerFixtureError) {
                try launch()
                return
            } catch .exitedEarly(let status, let log) where log.contains("in use") {
                lastError = .exitedEarly(status: status, log: log)
            }
        }
        removeDirectory()
        throw lastError
    }

    deinit {
        stop()
        removeDirectory()
    }

    /// Stops the server: SIGTERM and up to `deadline` for it to exit, then SIGKILL; reaps it.
    /// `graceful: false` sends SIGKILL straight away, as a crash would.
    public func stop(graceful: Bool = true, deadline: Duration = .seconds(5)) {
        guard let pid else { return }
        self.pid = nil
        var status: Int32 = 0
        if graceful {
            kill(pid, SIGTERM)
            let end = ContinuousClock.now.advanced(by: deadline)
            while ContinuousClock.now < end {
                if waitpid(pid, &status, WNOHANG) == pid { return }
                _ = poll(nil, 0, 10)
            }
        }
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
    }

    /// Stops the server and starts it again on the same port, socket and directory, so that data
    /// persisted with `--appendonly yes` is loaded again.
    public func restart() throws(RedisServerFixtureError) {
        stop()
        try launch()
    }

    /// The server's log (its stdout and stderr), for test failure messages.
    public var log: String {
        (try? String(contentsOfFile: directory + "/redis.log", encoding: .utf8)) ?? ""
    }

    private var commandLine: [String] {
        [
            ProcessInfo.processInfo.environment["NJORD_REDIS_SERVER"] ?? "redis-server",
            "--port", String(port ?? 0), "--bind", "127.0.0.1", "--unixsocket", socketPath,
            "--unixsocketperm", "700", "--dir", directory, "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--logfile", "",
        ] + extraArguments
    }

    /// Spawns the server and waits, with a deadline, until it serves commands on its socket (not while
    /// it is still loading its data).
    private func launch() throws(RedisServerFixtureError) {
        let child = try spawn(commandLine, output: directory + "/redis.log")
        let end = ContinuousClock.now.advanced(by: readyTimeout)
        while ContinuousClock.now < end {
            var status: Int32 = 0
            if waitpid(child, &status, WNOHANG) == child {
                throw .exitedEarly(status: status, log: String(log.suffix(2000)))
            }
            if UnixSocketProbe.isServing(at: socketPath) {
                pid = child
                return
            }
            _ = poll(nil, 0, 10)
        }
        pid = child
        stop(graceful: false)
        throw .notReady(log: String(log.suffix(2000)))
    }

    private func removeDirectory() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// posix_spawn with default signal handling, stdin from /dev/null, stdout and stderr appended to `output`, and no other
/// inherited descriptors: tests run in parallel, and a server holding another test's sockets or the
/// runner's pipes would keep them open after their owner closed them.
private func spawn(_ arguments: [String], output: String) throws(RedisServerFixtureError) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    closeInheritedDescriptors(&actions)
    // The child inherits the spawning thread's signal mask and ignored signals (SIGPIPE is ignored
    // for hiredis, the test runner may block others); a server with SIGTERM blocked never stops.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t(), allSignals = sigset_t()
    sigemptyset(&noSignals)
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let rc = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
    guard rc == 0 else { throw .spawnFailed(errno: rc) }
    return pid
}

// glibc 2.34+ has posix_spawn_file_actions_addclosefrom_np, but its header hides it from Swift;
// looked up at run time, and skipped on older systems.
private func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
    _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
}

/// Why a test's Redis server could not be started.
public enum RedisServerFixtureError: Error, CustomStringConvertible {
    /// The temporary directory could not be created.
    case temporaryDirectory(errno: Int32)
    /// `redis-server` could not be spawned (not installed? see scripts/install-deps).
    case spawnFailed(errno: Int32)
    /// The server exited before serving commands; carries its wait status and the end of its log.
    case exitedEarly(status: Int32, log: String)
    /// The server did not serve commands before the deadline; carries the end of its log.
    case notReady(log: String)

    public var description: String {
        switch self {
        case .temporaryDirectory(let errno):
            "cannot create a temp directory: \(String(cString: strerror(errno)))"
        case .spawnFailed(let errno): "cannot spawn redis-server: \(String(cString: strerror(errno)))"
        case .exitedEarly(let status, let log): "redis-server exited early (status \(status)):\n\(log)"
        case .notReady(let log): "redis-server did not serve commands in time:\n\(log)"
        }
    }
}
