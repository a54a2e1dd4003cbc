import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starts a process that outlives its parent and the terminal: its own session (`setsid` through
/// `POSIX_SPAWN_SETSID`, so no controlling terminal and no SIGHUP when the SSH session ends), stdin
/// from /dev/null, stdout and stderr appended to a log, the signal mask cleared and SIGINT, SIGTERM,
/// SIGHUP and SIGPIPE at their defaults (a Swift parent blocks signals, and children inherit that).
enum DetachedProcess {
    /// Why a detached process could not be started.
    enum Failure: Error, CustomStringConvertible {
        /// posix_spawn (or preparing it) failed with this errno.
        case spawn(String, Int32)

        var description: String {
            switch self {
            case .spawn(let what, let code): "\(what): \(String(cString: strerror(code)))"
            }
        }
    }

    /// glibc's POSIX_SPAWN_SETSID (a GNU extension the Swift overlay does not always import).
    private static let setSessionFlag: Int32 = 0x80

    /// Spawns `executable` with `arguments` (without argv[0]), output appended to `logPath`; its pid.
    static func spawn(executable: String, arguments: [String], logPath: String) throws(Failure) -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let flags = Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF) | setSessionFlag
        var code = posix_spawnattr_setflags(&attributes, Int16(flags))
        guard code == 0 else { throw .spawn("posix_spawnattr_setflags", code) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Sockets and pipes of this process (its Redis connections, a caller's output pipe) must
        // not stay open in a process that outlives it.
        closeOnExec()

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        code = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard code == 0 else { throw .spawn("posix_spawn \(executable)", code) }
        return pid
    }

    /// Marks every descriptor above stderr close-on-exec.
    private static func closeOnExec() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in names.compactMap({ Int32($0) }) where fd > 2 {
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// Whether `pid` still runs: a child of ours that exited is reaped here (so it is not mistaken
    /// for a live zombie); any other process is probed with signal 0.
    static func isRunning(pid: Int32) -> Bool {
        var status: Int32 = 0
        let waited = waitpid(pid, &status, WNOHANG)
        if waited == pid { return false }
        if waited == 0 { return true }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// The directory of the running executable (`/proc/self/exe`), where `njord` sits next to
    /// `njord-console`.
    static func executableDirectory() -> String {
        let path =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    /// The executable `name` beside the running one (`.build/release/njord` → `.build/release/njord-worker`).
    static func sibling(_ name: String) -> String {
        executableDirectory() + "/" + name
    }
}
