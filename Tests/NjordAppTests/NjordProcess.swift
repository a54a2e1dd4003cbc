import Foundation
import NjordCore
import NjordTestSupport
import Testing

/// `njord` run as a child process, the way an operator runs it.
struct NjordProcess {
    struct Finished: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
    }

    let process = Process()
    private let out = Pipe(), err = Pipe()
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `njord` (or another executable of the package) with `NJORD_REDIS_*` cleared, so that only
    /// the arguments choose the server; `environment` sets (or, with nil, removes) further variables.
    init(_ arguments: [String], executable: String = "njord", environment overrides: [String: String?] = [:]) throws {
        let binary = try #require(
            NjordBinary.path(named: executable), "\(executable) binary not found; run swift build --build-tests")
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NJORD_REDIS_URL"] = nil
        environment["NJORD_REDIS_PASSWORD"] = nil
        // A daemon's NDJSON service log goes to a scratch folder unless the test chose a place:
        // never the repository's var/log (the configured default, relative to the test's directory).
        environment["NJORD_PATHS_LOG_DIR"] = Self.scratchLogDirectory
        for (name, value) in overrides { environment[name] = value }
        process.environment = environment
        process.standardOutput = out
        process.standardError = err
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
    }

    /// Waits for the exit, at most `seconds` (then kills the child with SIGKILL and records a failure).
    /// Outputs are small enough for the pipe buffers, so they are read after the exit.
    func finish(within seconds: Int = 30) -> Finished {
        if exited.wait(timeout: .now() + .seconds(seconds)) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("njord \(process.arguments ?? []) did not finish in \(seconds) s")
        }
        process.waitUntilExit()
        return Finished(
            status: process.terminationStatus,
            stdout: String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
            stderr: String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    /// Where children's service logs go when a test does not say: one folder per test process.
    static let scratchLogDirectory = NSTemporaryDirectory() + "njord-test-logs-\(getpid())"

    static func run(_ arguments: [String], environment: [String: String?] = [:]) throws -> Finished {
        try NjordProcess(arguments, environment: environment).finish()
    }
}

/// Polls `condition` until it holds or `milliseconds` pass; the final answer is the condition's.
func eventually(within milliseconds: Int = 10_000, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ConditionLock.deadline(afterMilliseconds: milliseconds)
    let gate = ConditionLock()
    while SystemClock().monotonicNanoseconds() < deadline {
        if try condition() { return true }
        gate.withLock { _ = gate.wait(until: min(deadline, ConditionLock.deadline(afterMilliseconds: 10))) }
    }
    return try condition()
}
