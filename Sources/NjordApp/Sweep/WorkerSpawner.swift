import ArgumentParser
import Foundation

/// Starts detached `njord-worker` processes (``DetachedProcess``: their own session, output to a
/// log), as `njord sweep` and the console do: they outlive the process that started them and the
/// SSH session, and leave by themselves after `idleExitSeconds` with nothing to do.
struct WorkerSpawner {
    /// The `njord-worker` executable; by default the one beside the running executable.
    var executable = DetachedProcess.sibling("njord-worker")
    /// Where the workers write run folders (made absolute).
    var runsDir: String
    var idleExitSeconds: Double
    var claimIdleMilliseconds: Int
    /// Passed on so that the worker resolves Redis as its parent did.
    var redisURL: String?
    var configDir: String

    /// The worker's arguments (without argv[0]).
    var arguments: [String] {
        var out = [
            "--runs-dir", URL(fileURLWithPath: runsDir).standardizedFileURL.path, "--idle-exit",
            String(idleExitSeconds), "--claim-idle-ms", String(claimIdleMilliseconds), "--config-dir", configDir,
        ]
        if let redisURL { out += ["--redis", redisURL] }
        return out
    }

    /// Starts one worker whose output goes to `logPath` (its folder created); its pid.
    func spawn(logPath: String) throws -> Int32 {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ValidationError(
                "\(executable) not found: build it (swift build) or start njord-worker processes yourself")
        }
        let folder = URL(fileURLWithPath: logPath).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try DetachedProcess.spawn(executable: executable, arguments: arguments, logPath: logPath)
    }
}
