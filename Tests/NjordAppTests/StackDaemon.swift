import Foundation
import NjordTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One daemon of the stack run as a child process for end-to-end tests. Unlike ``NjordProcess`` its
/// output goes to a log file, not a pipe: a daemon that logs for a minute would fill a pipe's buffer
/// and block on its next write, which would look like a stalled pipeline.
final class StackDaemon {
    let name: String
    let arguments: [String]
    let environment: [String: String]
    let logPath: String
    private(set) var process: Process?

    init(_ name: String, arguments: [String], environment: [String: String], logDirectory: String) {
        self.name = name
        self.arguments = arguments
        self.environment = environment
        logPath = "\(logDirectory)/\(name).log"
    }

    /// Starts (or restarts) the executable; its output is appended to ``logPath``.
    func start() throws {
        let binary = try #require(NjordBinary.path(named: name), "\(name) not built; run swift build --build-tests")
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try #require(FileHandle(forWritingAtPath: logPath))
        log.seekToEndOfFile()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NJORD_REDIS_URL"] = nil
        env["NJORD_REDIS_PASSWORD"] = nil
        // Its NDJSON service log beside its output unless the test chose a place: never the
        // repository's var/log (the configured default, relative to the test's directory).
        env["NJORD_PATHS_LOG_DIR"] = (logPath as NSString).deletingLastPathComponent
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    var isRunning: Bool { process?.isRunning ?? false }

    /// SIGTERM and wait for the exit (SIGKILL after `seconds`); the exit status, nil when not running.
    @discardableResult
    func stop(within seconds: Double = 15) -> Int32? {
        guard let process, process.isRunning else { return self.process?.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        if !eventually(within: Int(seconds * 1000), { !process.isRunning }) {
            Issue.record("\(name) ignored SIGTERM for \(seconds) s; killed")
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// kill -9, as a crash would.
    func crash() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The last lines of the log, for failure messages.
    func logTail(_ lines: Int = 30) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return "--- \(name) ---\n" + text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
