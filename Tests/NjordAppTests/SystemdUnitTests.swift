import Foundation
import NjordTestSupport
import Testing

/// The units in deploy/systemd and `scripts/install`, checked against the built binaries.
@Suite struct SystemdUnitTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let daemons = ["md-ingest", "strategy-host", "risk-engine", "paper-trader", "worker"]
    static let systemdAnalyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Installs the debug build under a scratch prefix; returns the prefix and the unit directory.
    static func installDebugBuild() throws -> (prefix: String, units: String) {
        let binary = try #require(NjordBinary.path(), "njord binary not found; run swift build --build-tests")
        let scratch = NSTemporaryDirectory() + "njord-install-\(UUID().uuidString)"
        let (status, output) = try run(
            "/bin/bash",
            [
                "scripts/install", "--no-build", "--build-dir", (binary as NSString).deletingLastPathComponent,
                "--prefix", scratch + "/opt", "--unit-dir", scratch + "/units",
            ])
        #expect(status == 0, "\(output)")
        return (scratch + "/opt", scratch + "/units")
    }

    @Test func everyDaemonHasAUnitThatRestartsReadsTheEnvironmentFileAndFollowsRedis() throws {
        for daemon in Self.daemons {
            let path = "\(Self.root)/deploy/systemd/njord-\(daemon).service"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let lines = Set(text.split(separator: "\n").map(String.init))
            for required in [
                "Restart=on-failure", "EnvironmentFile=-/etc/njord/njord.env", "WorkingDirectory=/opt/njord",
                "ExecStart=/opt/njord/bin/njord-\(daemon) --config-dir /opt/njord/config",
            ] {
                #expect(lines.contains(required), "njord-\(daemon).service lacks \(required)")
            }
            #expect(lines.contains { $0.hasPrefix("After=") && $0.contains("redis") }, "\(daemon): not after redis")
            #expect(lines.contains { $0.hasPrefix("Wants=") && $0.contains("redis") }, "\(daemon): does not want redis")
        }
    }

    @Test func installPutsBinariesConfigAndUnitsRewrittenForThePrefix() throws {
        let (prefix, units) = try Self.installDebugBuild()
        defer { try? FileManager.default.removeItem(atPath: (prefix as NSString).deletingLastPathComponent) }
        for name in ["njord", "njord-md-ingest", "njord-risk-engine"] {
            #expect(FileManager.default.isExecutableFile(atPath: "\(prefix)/bin/\(name)"), "\(name) not installed")
        }
        #expect(FileManager.default.fileExists(atPath: "\(prefix)/config/base.yaml"))
        let unit = try String(contentsOfFile: "\(units)/njord-risk-engine.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=\(prefix)/bin/njord-risk-engine --config-dir \(prefix)/config"))
        #expect(!unit.contains("/opt/njord/"), "a path was not rewritten")
    }

    @Test(.enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed (apt package systemd)"))
    func installedUnitsPassSystemdAnalyzeVerify() throws {
        let (prefix, units) = try Self.installDebugBuild()
        defer { try? FileManager.default.removeItem(atPath: (prefix as NSString).deletingLastPathComponent) }
        let installed = try FileManager.default.contentsOfDirectory(atPath: units).filter { $0.hasSuffix(".service") }
        // Only daemons with a binary in this build get a unit; the others come with their issues.
        #expect(installed.contains("njord-risk-engine.service") && installed.contains("njord-md-ingest.service"))
        let (status, output) = try Self.run(
            try #require(Self.systemdAnalyze), ["verify"] + installed.sorted().map { "\(units)/\($0)" })
        #expect(status == 0, "systemd-analyze verify: \(output)")
    }
}
