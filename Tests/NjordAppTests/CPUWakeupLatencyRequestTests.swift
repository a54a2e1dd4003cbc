import Foundation
import NjordConfig
import Testing

@testable import NjordApp

/// `latency.cpu_wakeup_us`: the bound is written as the kernel's PM QoS device expects it and held
/// while the daemon runs; a device that cannot be opened is named, and the daemon runs on.
@Suite struct CPUWakeupLatencyRequestTests {
    static func scratchFile() -> String {
        NSTemporaryDirectory() + "njord-pmqos-\(UInt32.random(in: 0...UInt32.max))"
    }

    @Test func theBoundIsWrittenAsOneNative32BitIntegerAndTheFileStaysOpenWhileHeld() throws {
        let path = Self.scratchFile()
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var request: CPUWakeupLatencyRequest? = try CPUWakeupLatencyRequest(microseconds: 25, path: path)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(Array(bytes) == withUnsafeBytes(of: Int32(25)) { Array($0) })
        #expect(Self.descriptorsOpen(on: path) == 1)
        withExtendedLifetime(request) {}
        request = nil
        // The kernel drops the request when the descriptor closes.
        #expect(Self.descriptorsOpen(on: path) == 0)
    }

    /// This process's open descriptors on `path` (other tests open and close files meanwhile).
    static func descriptorsOpen(on path: String) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return entries.filter {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")) == path
        }.count
    }

    @Test func aDeviceThatDoesNotOpenIsNamedWithItsReason() {
        let path = Self.scratchFile() + "/missing/cpu_dma_latency"
        #expect(throws: CPUWakeupLatencyRequest.Failure.cannotOpen(path: path, reason: "No such file or directory")) {
            _ = try CPUWakeupLatencyRequest(microseconds: 0, path: path)
        }
    }

    @Test func noBoundConfiguredMeansNoRequestAndAFailedOneLetsTheDaemonRunOn() {
        #expect(CPUWakeupLatencyRequest.hold(LatencyConfig(), service: "test") == nil)
        let missing = Self.scratchFile() + "/missing"
        #expect(
            CPUWakeupLatencyRequest.hold(LatencyConfig(cpuWakeupMicroseconds: 0), service: "test", path: missing) == nil
        )
    }
}
