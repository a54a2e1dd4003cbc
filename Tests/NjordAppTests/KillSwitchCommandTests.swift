import Foundation
import NjordTestSupport
import Testing

/// `njord killswitch` against a real redis-server, through the built binary.
@Suite struct KillSwitchCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `njord` is built next to the test bundle by `swift build --build-tests`.
    func njordBinary() throws -> String {
        let besideBundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("njord").path
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [besideBundle, packageRoot.appendingPathComponent(".build/debug/njord").path]
        return try #require(
            candidates.first { FileManager.default.isExecutableFile(atPath: $0) },
            "njord binary not found in \(candidates); run swift build --build-tests")
    }

    /// Runs `njord` to completion, waiting at most 30 s (then killing it, a failure).
    func njord(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try njordBinary())
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NJORD_REDIS_URL"] = nil
        environment["NJORD_REDIS_PASSWORD"] = nil
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        if exited.wait(timeout: .now() + 30) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("njord \(arguments) did not finish in 30 s")
        }
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func statusJSON(_ run: Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run)")
    }

    @Test func tripThenStatusJSONOverRedis() throws {
        let server = try RedisServerFixture()
        let runDir = FileManager.default.temporaryDirectory.appendingPathComponent("njord-kscli-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: runDir) }
        let redis = "redis://127.0.0.1:\(server.port!)"
        let target = ["--redis", redis, "--run-dir", runDir]

        let trip = try njord(["killswitch", "trip", "--reason", "test", "--by", "ci"] + target)
        #expect(trip.status == 0, "\(trip)")
        let status = try njord(["killswitch", "status", "--json"] + target)
        #expect(status.status == 0)
        let json = try statusJSON(status)
        #expect(Set(json.keys) == ["tripped", "reason", "by", "at", "source"])
        #expect(json["tripped"] as? Bool == true)
        #expect(json["reason"] as? String == "test")
        #expect(json["by"] as? String == "ci")
        #expect(json["source"] as? String == "redis:127.0.0.1:\(server.port!)")
        #expect(FileManager.default.fileExists(atPath: runDir + "/killswitch.json"))

        let reset = try njord(["killswitch", "reset", "--reason", "reviewed", "--by", "ci"] + target)
        #expect(reset.status == 0, "\(reset)")
        #expect(try statusJSON(try njord(["killswitch", "status", "--json"] + target))["tripped"] as? Bool == false)
    }

    @Test func withRedisDownStatusFailsClosedTripWritesTheFileAndResetIsRefused() throws {
        let server = try RedisServerFixture()
        let port = server.port!
        server.stop()
        let runDir = FileManager.default.temporaryDirectory.appendingPathComponent("njord-kscli-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: runDir) }
        let target = ["--redis", "redis://127.0.0.1:\(port)", "--run-dir", runDir]

        let status = try njord(["killswitch", "status", "--json"] + target)
        let json = try statusJSON(status)
        #expect(json["tripped"] as? Bool == true)
        #expect(json["source"] as? String == "redis:127.0.0.1:\(port)")
        #expect((json["reason"] as? String)?.hasPrefix("redis unreachable") == true)

        let trip = try njord(["killswitch", "trip", "--reason", "outage", "--by", "ci"] + target)
        #expect(trip.status == 0, "the file took the trip")
        #expect(trip.stderr.contains("redis unreachable"))
        let file = try String(contentsOfFile: runDir + "/killswitch.json", encoding: .utf8)
        #expect(file.contains("\"tripped\":true") && file.contains("outage"))

        let reset = try njord(["killswitch", "reset", "--reason", "fixed", "--by", "ci"] + target)
        #expect(reset.status != 0)
        #expect(reset.stderr.contains("unreachable"))
    }
}
