import Foundation
import Logging
import NjordCore
import NjordLogging
import Testing

struct NDJSONLogHandlerTests {
    func withLogDirectory(_ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "njord-log-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(dir)
    }

    func lines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .dropLast()  // the file ends with a newline
        .map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func eachEventIsOneParsableLineWithTheDocumentedFields() throws {
        try withLogDirectory { dir in
            let sink = try NjordLogging.makeSink(service: "engine", logDir: dir, humanDescriptor: nil)
            let clock = ManualClock(start: Timestamp(millisecondsSinceEpoch: 1_723_161_905_800))
            var logger = Logger(label: "engine.orders") {
                NDJSONLogHandler(service: "engine", label: $0, level: .info, sink: sink, clock: clock)
            }
            logger[metadataKey: "strategy"] = "sma_btc"
            logger.info(
                "order sent", metadata: ["qty": "0.001", "legs": ["a", "b"], "ctx": ["venue": "sim"]])
            clock.advance(nanoseconds: 1_000_000)
            logger.debug("not written at info")
            logger.warning("slow")

            #expect(sink.filePath == "\(dir)/engine.ndjson")
            let records = try lines(sink.filePath)
            #expect(records.count == 2)
            let first = records[0]
            #expect(Set(first.keys) == ["ts", "level", "service", "msg", "meta"])
            #expect(first["ts"] as? String == "2024-08-09T00:05:05.800Z")
            #expect(first["level"] as? String == "info")
            #expect(first["service"] as? String == "engine")
            #expect(first["msg"] as? String == "order sent")
            let meta = try #require(first["meta"] as? [String: Any])
            #expect(meta["strategy"] as? String == "sma_btc")
            #expect(meta["qty"] as? String == "0.001")
            #expect(meta["legs"] as? [String] == ["a", "b"])
            #expect((meta["ctx"] as? [String: Any])?["venue"] as? String == "sim")
            #expect(meta["logger"] as? String == "engine.orders")
            #expect(records[1]["level"] as? String == "warning")
            #expect(records[1]["ts"] as? String == "2024-08-09T00:05:05.801Z")
        }
    }

    @Test func secretsNeverReachTheFile() throws {
        try withLogDirectory { dir in
            let sink = try NjordLogging.makeSink(service: "gateway", logDir: dir, humanDescriptor: nil)
            let logger = Logger(label: "gateway") { _ in NDJSONLogHandler(service: "gateway", sink: sink) }
            logger.info(
                "signed request signature=abc123def&recvWindow=5000 with X-MBX-APIKEY: K3YK3Y",
                metadata: ["api_key": "K3YK3Y", "password": "hunter2", "note": "password=hunter2"])
            let text = try String(contentsOfFile: sink.filePath, encoding: .utf8)
            for secret in ["abc123def", "K3YK3Y", "hunter2"] { #expect(!text.contains(secret)) }
            #expect(text.contains("recvWindow=5000"))
        }
    }

    @Test func reopeningAppendsInsteadOfTruncating() throws {
        try withLogDirectory { dir in
            for round in 0..<2 {
                let sink = try NjordLogging.makeSink(service: "svc", logDir: dir, humanDescriptor: nil)
                Logger(label: "svc") { _ in NDJSONLogHandler(service: "svc", sink: sink) }.info(
                    "round \(round)")
            }
            let records = try lines(NjordLogging.logFilePath(service: "svc", logDir: dir))
            #expect(records.map { $0["msg"] as? String } == ["round 0", "round 1"])
        }
    }

    @Test func concurrentWritersNeverTearALine() throws {
        try withLogDirectory { dir in
            let sink = try NjordLogging.makeSink(service: "svc", logDir: dir, humanDescriptor: nil)
            let logger = Logger(label: "svc") { _ in NDJSONLogHandler(service: "svc", sink: sink) }
            DispatchQueue.concurrentPerform(iterations: 8) { worker in
                for i in 0..<200 {
                    logger.info("worker \(worker) line \(i) \(String(repeating: "x", count: 300))")
                }
            }
            #expect(try lines(sink.filePath).count == 1600)
        }
    }

    @Test func memoryHandlerKeepsRedactedRecords() {
        let store = MemoryLogStore()
        let logger = Logger(label: "t") { _ in MemoryLogHandler(service: "t", store: store) }
        logger.error("login failed password=pw1", metadata: ["Authorization": "Bearer abc"])
        #expect(store.records.count == 1)
        #expect(store.records[0].message == "login failed password=***")
        #expect(store.records[0].metadata["Authorization"] == "***")
        #expect(store.records[0].level == .error)
    }
}
