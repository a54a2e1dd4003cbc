import NjordConsole
import NjordCore
import Testing

/// The reducer's handling of the local log files' lines (``ConsoleEvent/logFiles(_:)``): decoded
/// like `log.*` records, merged into the one ring with their service and level, malformed lines
/// shown and counted, and a warning that also came over `log.*` shown once.
@Suite struct ConsoleReducerLogFileTests {
    typealias S = ConsoleSamples

    static func record(_ level: String, _ service: String, _ message: String, at seconds: Double) -> String {
        let ts = S.at(seconds: seconds).iso8601
        return
            "{\"ts\":\"\(ts)\",\"level\":\"\(level)\",\"service\":\"\(service)\",\"msg\":\"\(message)\",\"meta\":{\"venue\":\"sim\"}}"
    }

    static func line(_ service: String, _ text: String) -> LogFileLine {
        LogFileLine(service: service, bytes: Array(text.utf8))
    }

    static func busLog(_ text: String, service: String) -> ConsoleEvent {
        .message(BusMessage(topic: Topics.log(service), payload: Array(text.utf8)))
    }

    func reduce(_ events: [ConsoleEvent]) -> ConsoleModel {
        var model = ConsoleModel(identity: "console:t@h", now: S.start)
        for (i, e) in events.enumerated() { ConsoleReducer.reduce(e, into: &model, at: S.at(seconds: 10 + Double(i))) }
        return model
    }

    @Test func fileLinesJoinTheLogsWithTheirServiceLevelAndTime() {
        let m = reduce([
            .logFiles(
                LogFileBatch(lines: [
                    Self.line("risk-engine", Self.record("info", "risk-engine", "started", at: 1)),
                    Self.line("risk-engine", Self.record("error", "risk-engine", "journal slow", at: 2)),
                ]))
        ])
        let rows = m.logs.elements
        #expect(rows.map(\.message) == ["started venue=sim", "journal slow venue=sim"])
        #expect(rows.map(\.level) == [.info, .error])
        #expect(rows.allSatisfy { $0.service == "risk-engine" && $0.origin == .file })
        #expect(rows.first?.at == S.at(seconds: 1))
        #expect(m.malformedLogLines == 0)
    }

    @Test func linesOfSeveralFilesAreMergedInTimeOrder() {
        let m = reduce([
            .logFiles(
                LogFileBatch(lines: [
                    Self.line("md-ingest", Self.record("info", "md-ingest", "a", at: 1)),
                    Self.line("md-ingest", Self.record("info", "md-ingest", "c", at: 3)),
                    Self.line("paper-trader", Self.record("info", "paper-trader", "b", at: 2)),
                    Self.line("paper-trader", Self.record("info", "paper-trader", "d", at: 3)),
                ]))
        ])
        #expect(m.logs.elements.map(\.message) == ["a venue=sim", "b venue=sim", "c venue=sim", "d venue=sim"])
    }

    @Test func aMalformedLineIsShownAsSuchAndCounted() {
        let m = reduce([.logFiles(LogFileBatch(lines: [Self.line("md-ingest", "{\"ts\":\"2024-08-09T00:0")]))])
        let row = m.logs.elements.last
        #expect(row?.level == .warning)
        #expect(row?.service == "md-ingest")
        #expect(row?.message == "malformed log line (22 bytes): {\"ts\":\"2024-08-09T00:0")
        #expect(m.malformedLogLines == 1)
        #expect(m.malformed == 0, "bus messages are counted apart")
    }

    @Test func aRecordWithoutServiceTakesTheFileName() {
        let m = reduce([
            .logFiles(LogFileBatch(lines: [Self.line("worker", "{\"level\":\"warning\",\"msg\":\"slow\"}")]))
        ])
        #expect(m.logs.elements.last?.service == "worker")
        #expect(m.logs.elements.last?.level == .warning)
    }

    @Test func fileNoticesAreWarningsOfTheFilesService() {
        let m = reduce([
            .logFiles(
                LogFileBatch(notices: [
                    LogFileNotice(
                        service: "risk-engine", message: "risk-engine.ndjson was truncated; reading from its start")
                ]))
        ])
        #expect(m.logs.elements.last?.level == .warning)
        #expect(m.logs.elements.last?.service == "risk-engine")
        #expect(m.logs.elements.last?.message.contains("truncated") == true)
    }

    @Test func aWarningOnLogTopicAndInItsFileIsShownOnceWhicheverComesFirst() {
        let viaBus = Self.record("warning", "md-ingest", "book resync", at: 1)
        // The file handler stamps its copy a moment later than the bus handler.
        let inFile = Self.record("warning", "md-ingest", "book resync", at: 1.001)
        for events in [
            [
                Self.busLog(viaBus, service: "md-ingest"),
                .logFiles(LogFileBatch(lines: [Self.line("md-ingest", inFile)])),
            ],
            [
                .logFiles(LogFileBatch(lines: [Self.line("md-ingest", inFile)])),
                Self.busLog(viaBus, service: "md-ingest"),
            ],
        ] {
            let m = reduce(events)
            #expect(m.logs.elements.filter { $0.message == "book resync venue=sim" }.count == 1)
            #expect(m.duplicateLogLines == 1)
        }
    }

    @Test func theSameWarningTwiceOnOneOriginIsShownTwice() {
        let first = Self.record("warning", "md-ingest", "book resync", at: 1)
        let second = Self.record("warning", "md-ingest", "book resync", at: 1.5)
        let m = reduce([
            .logFiles(LogFileBatch(lines: [Self.line("md-ingest", first), Self.line("md-ingest", second)])),
            Self.busLog(first, service: "md-ingest"), Self.busLog(second, service: "md-ingest"),
        ])
        #expect(m.logs.elements.filter { $0.message == "book resync venue=sim" }.count == 2)
        #expect(m.duplicateLogLines == 2)
    }

    @Test func copiesFartherApartThanTheWindowAreDifferentRecords() {
        let m = reduce([
            Self.busLog(Self.record("error", "risk-engine", "stale", at: 1), service: "risk-engine"),
            .logFiles(
                LogFileBatch(lines: [Self.line("risk-engine", Self.record("error", "risk-engine", "stale", at: 4))])),
        ])
        #expect(m.logs.elements.filter { $0.message == "stale venue=sim" }.count == 2)
        #expect(m.duplicateLogLines == 0)
    }

    @Test func theLevelFilterAppliesToFileLines() {
        var m = reduce([
            .logFiles(
                LogFileBatch(lines: [
                    Self.line("risk-engine", Self.record("info", "risk-engine", "routine", at: 1)),
                    Self.line("risk-engine", Self.record("error", "risk-engine", "alarm", at: 2)),
                ]))
        ])
        m.screen = .logs
        m.minimumLogLevel = .warning
        let screen = MemoryScreen(rows: 24, columns: 80)
        ConsoleRenderer.render(m, on: screen)
        #expect(screen.text.contains("alarm venue=sim"))
        #expect(!screen.text.contains("routine"))
        #expect(screen.line(2).contains("log files"))
    }

    @Test func theLogsHeaderCountsMalformedLines() {
        var m = reduce([.logFiles(LogFileBatch(lines: [Self.line("md-ingest", "garbage")]))])
        m.screen = .logs
        let screen = MemoryScreen(rows: 24, columns: 80)
        ConsoleRenderer.render(m, on: screen)
        #expect(screen.line(2).contains("1 malformed"), "\(screen.text)")
        #expect(screen.text.contains("malformed log line (7 bytes): garbage"))
    }
}
