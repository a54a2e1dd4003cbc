import Foundation
import NjordConsole
import NjordCore
import Testing

/// The runtime polls the injected log file source on its own clock and folds what it returns into
/// the model; no bus is needed for that.
@Suite struct ConsoleRuntimeLogFileTests {
    /// Hands out one prepared batch per poll and counts the polls.
    final class ScriptedSource: LogFileSource {
        var batches: [LogFileBatch]
        private(set) var polls = 0
        init(_ batches: [LogFileBatch]) { self.batches = batches }
        func poll() -> LogFileBatch {
            polls += 1
            return batches.isEmpty ? LogFileBatch() : batches.removeFirst()
        }
    }

    static func line(_ message: String) -> LogFileLine {
        LogFileLine(
            service: "risk-engine",
            bytes: Array(
                "{\"ts\":\"2024-08-09T00:00:01.000Z\",\"level\":\"notice\",\"service\":\"risk-engine\",\"msg\":\"\(message)\",\"meta\":{}}"
                    .utf8))
    }

    @Test func theSourceIsPolledEveryHalfSecondOfTheConsolesClockAndItsLinesReachTheLogs() {
        let clock = ManualClock(start: ConsoleSamples.start)
        let source = ScriptedSource([
            LogFileBatch(lines: [Self.line("first")]), LogFileBatch(lines: [Self.line("second")]),
        ])
        let link = BusLink(address: "none") { throw BusError.closed }
        let runDirectory = NSTemporaryDirectory() + "njord-console-logfiles-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: runDirectory) }
        let runtime = ConsoleRuntime(
            screen: MemoryScreen(rows: 24, columns: 80), link: link, clock: clock, identity: "console:t@h",
            killSwitchStore: KillSwitchFileStore(runDirectory: runDirectory), authority: "none", logFiles: source)
        runtime.step()
        #expect(source.polls == 1)
        #expect(runtime.model.logs.elements.map(\.message) == ["first"])
        #expect(runtime.model.logs.elements.first?.origin == .file)
        clock.advance(nanoseconds: 499_000_000)
        runtime.step()
        #expect(source.polls == 1, "polled again before half a second passed")
        clock.advance(nanoseconds: 1_000_000)
        let revision = runtime.model.revision
        runtime.step()
        #expect(source.polls == 2)
        #expect(runtime.model.logs.elements.map(\.message) == ["first", "second"])
        #expect(runtime.model.revision != revision)
        clock.advance(nanoseconds: 500_000_000)
        runtime.step()
        #expect(source.polls == 3)
        #expect(runtime.model.logs.count == 2, "an empty poll adds nothing")
    }
}
