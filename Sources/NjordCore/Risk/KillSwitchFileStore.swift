import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps the kill switch in `<run dir>/killswitch.json` (replaced atomically: temp file, fsync, rename,
/// fsync of the directory) and every request in `<run dir>/killswitch.history.ndjson` (append-only).
/// Reading fails closed: a state file that exists but cannot be read or parsed reads as tripped.
/// Trip and reset hold an exclusive `flock` on `killswitch.lock`, so CLI and daemons do not race.
public struct KillSwitchFileStore: Sendable {
    public static let stateFileName = "killswitch.json"
    public static let historyFileName = "killswitch.history.ndjson"
    public static let lockFileName = "killswitch.lock"

    /// Absolute path of the run directory.
    public let runDirectory: String

    /// `runDirectory` may be relative; it is resolved against the current directory once, here.
    public init(runDirectory: String) {
        if runDirectory.hasPrefix("/") {
            self.runDirectory = runDirectory
        } else {
            let cwd = FileManager.default.currentDirectoryPath
            self.runDirectory = runDirectory == "." ? cwd : "\(cwd)/\(runDirectory)"
        }
    }

    public var statePath: String { "\(runDirectory)/\(Self.stateFileName)" }
    public var historyPath: String { "\(runDirectory)/\(Self.historyFileName)" }

    /// The current state. Absent file: never tripped. Present but unreadable or corrupt: tripped, with
    /// the reason naming the file (never silently untripped).
    public func read() -> KillSwitchReading {
        let source = "file:\(statePath)"
        guard FileManager.default.fileExists(atPath: statePath) else {
            return KillSwitchReading(state: .neverTripped, source: source)
        }
        let problem: String
        if let data = FileManager.default.contents(atPath: statePath) {
            switch KillSwitchJSON.state(from: data) {
            case .success(let state): return KillSwitchReading(state: state, source: source)
            case .failure(let failure):
                problem = "kill switch state file \(statePath) is corrupt: \(failure.detail)"
            }
        } else {
            problem = "kill switch state file \(statePath) cannot be read"
        }
        return KillSwitchReading(
            state: KillSwitchState(
                tripped: true, reason: "\(problem); failing closed", by: "killswitch-store"),
            source: source, problem: problem)
    }

    /// Trips the switch and records the request; a tripped switch keeps its original trip.
    @discardableResult
    public func trip(reason: String, by actor: String, at time: Timestamp) throws(KillSwitchStoreError)
        -> KillSwitchTransition
    {
        try locked { () throws(KillSwitchStoreError) in
            let transition = read().state.trip(reason: reason, by: actor, at: time)
            try record(transition)
            return transition
        }
    }

    /// Resets the switch (reason required) and records the request. Resetting over a corrupt state file
    /// replaces it with a good one: the operator has looked.
    @discardableResult
    public func reset(reason: String, by actor: String, at time: Timestamp) throws(KillSwitchStoreError)
        -> KillSwitchTransition
    {
        try locked { () throws(KillSwitchStoreError) in
            let transition: KillSwitchTransition
            do throws(KillSwitchError) {
                transition = try read().state.reset(reason: reason, by: actor, at: time)
            } catch {
                throw .refused(error)
            }
            try record(transition)
            return transition
        }
    }

    /// Writes the new state (when it changed) and appends the transition to the history. A trip over a
    /// corrupt file leaves the file alone: it already reads as tripped and is evidence.
    ///
    /// `mirroring`: the transition was decided against another authority (the bus key), so the file
    /// is brought to its result whenever it differs, not only when the transition changed something.
    func record(_ transition: KillSwitchTransition, mirroring: Bool = false) throws(KillSwitchStoreError) {
        var write = transition.changed
        if mirroring {
            let file = read()
            write = file.problem == nil ? file.state != transition.to : !transition.to.tripped
        }
        if write {
            try writeAtomically(
                KillSwitchJSON.line(KillSwitchJSON.object(transition.to)) + "\n", to: statePath)
        }
        try append(KillSwitchJSON.line(KillSwitchJSON.object(transition)) + "\n", to: historyPath)
    }

    // MARK: - File system

    private func ensureDirectory() throws(KillSwitchStoreError) {
        do {
            try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
        } catch {
            throw .io(operation: "create directory", path: runDirectory, errno: EACCES)
        }
    }

    /// Runs `body` holding the exclusive lock on `killswitch.lock` (also taken by the bus service).
    func locked<T>(_ body: () throws(KillSwitchStoreError) -> T) throws(KillSwitchStoreError) -> T {
        try ensureDirectory()
        let path = "\(runDirectory)/\(Self.lockFileName)"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw .io(operation: "flock", path: path, errno: errno) }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    private func writeAtomically(_ text: String, to path: String) throws(KillSwitchStoreError) {
        let temp = "\(path).tmp.\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "open", path: temp, errno: errno) }
        do throws(KillSwitchStoreError) {
            try writeAll(fd, text, path: temp)
            guard fsync(fd) == 0 else {
                throw KillSwitchStoreError.io(operation: "fsync", path: temp, errno: errno)
            }
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        close(fd)
        guard rename(temp, path) == 0 else {
            let code = errno
            unlink(temp)
            throw .io(operation: "rename", path: path, errno: code)
        }
        let dir = open(runDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { throw .io(operation: "open", path: runDirectory, errno: errno) }
        defer { close(dir) }
        guard fsync(dir) == 0 else { throw .io(operation: "fsync", path: runDirectory, errno: errno) }
    }

    private func append(_ text: String, to path: String) throws(KillSwitchStoreError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }
        try writeAll(fd, text, path: path)
        guard fsync(fd) == 0 else { throw .io(operation: "fsync", path: path, errno: errno) }
    }

    private func writeAll(_ fd: Int32, _ text: String, path: String) throws(KillSwitchStoreError) {
        if let code = FileWrite.all(fd, Array(text.utf8)) { throw .io(operation: "write", path: path, errno: code) }
    }
}

/// Why the kill switch store could not carry out a request.
public enum KillSwitchStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The state machine refused the transition (e.g. a reset without a reason).
    case refused(KillSwitchError)
    /// A file system call failed.
    case io(operation: String, path: String, errno: Int32)

    public var description: String {
        switch self {
        case .refused(.resetNeedsReason): return "a reset needs a non-empty reason"
        case .refused(.resetNeedsActor): return "a reset needs to say who resets (--by)"
        case .io(let operation, let path, let code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        }
    }
}
