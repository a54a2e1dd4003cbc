import Foundation
import NjordCore
import Testing

struct KillSwitchFileStoreTests {
    let t1 = Timestamp(millisecondsSinceEpoch: 1_723_161_905_800)
    let t2 = Timestamp(millisecondsSinceEpoch: 1_723_161_999_000)

    /// A fresh run directory under the temp dir, removed after `body`.
    func withRunDirectory(_ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "njord-ks-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(dir + "/run")
    }

    func historyLines(_ store: KillSwitchFileStore) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: store.historyPath, encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func absentStateFileReadsNeverTripped() throws {
        try withRunDirectory { dir in
            let reading = KillSwitchFileStore(runDirectory: dir).read()
            #expect(reading.state == .neverTripped)
            #expect(reading.problem == nil)
            #expect(reading.source == "file:\(dir)/killswitch.json")
        }
    }

    @Test func tripAndResetRoundTripThroughTheFile() throws {
        try withRunDirectory { dir in
            let store = KillSwitchFileStore(runDirectory: dir)
            try store.trip(reason: "daily loss \"limit\" hit", by: "risk:daily_loss", at: t1)
            let reopened = KillSwitchFileStore(runDirectory: dir).read()
            #expect(
                reopened.state
                    == KillSwitchState(
                        tripped: true, reason: "daily loss \"limit\" hit", by: "risk:daily_loss", at: t1))
            try store.reset(reason: "reviewed", by: "cli:ops@box", at: t2)
            #expect(
                store.read().state
                    == KillSwitchState(tripped: false, reason: "reviewed", by: "cli:ops@box", at: t2))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter {
                $0.contains(".tmp")
            }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func corruptStateFileFailsClosed() throws {
        try withRunDirectory { dir in
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let path = "\(dir)/killswitch.json"
            for content in [
                "{\"tripped\": fal", "[]", "{\"tripped\": \"no\"}",
                "{\"tripped\":false,\"at\":\"yesterday\"}", "",
            ] {
                try content.write(toFile: path, atomically: true, encoding: .utf8)
                let reading = KillSwitchFileStore(runDirectory: dir).read()
                #expect(reading.state.tripped, "content \(content)")
                #expect(reading.state.reason?.contains(path) == true)
                #expect(reading.problem != nil)
            }
        }
    }

    @Test func tripOverCorruptFileKeepsTheEvidenceAndResetRepairsIt() throws {
        try withRunDirectory { dir in
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let store = KillSwitchFileStore(runDirectory: dir)
            try "garbage".write(toFile: store.statePath, atomically: true, encoding: .utf8)
            let trip = try store.trip(reason: "x", by: "ops", at: t1)
            #expect(!trip.changed)
            #expect(try String(contentsOfFile: store.statePath, encoding: .utf8) == "garbage")
            try store.reset(reason: "file inspected", by: "ops", at: t2)
            #expect(store.read().problem == nil)
            #expect(store.read().state.tripped == false)
        }
    }

    @Test func everyRequestIsAppendedToTheHistory() throws {
        try withRunDirectory { dir in
            let store = KillSwitchFileStore(runDirectory: dir)
            try store.trip(reason: "first", by: "a", at: t1)
            try store.trip(reason: "second", by: "b", at: t1)
            try store.reset(reason: "done", by: "c", at: t2)
            let lines = try historyLines(store)
            #expect(lines.map { $0["action"] as? String } == ["trip", "trip", "reset"])
            #expect(lines.map { $0["changed"] as? Bool } == [true, false, true])
            #expect(lines.map { $0["by"] as? String } == ["a", "b", "c"])
            #expect(lines[2]["at"] as? String == t2.iso8601)
            let from = try #require(lines[2]["from"] as? [String: Any])
            let to = try #require(lines[2]["to"] as? [String: Any])
            #expect(from["tripped"] as? Bool == true)
            #expect(to["tripped"] as? Bool == false)
        }
    }

    @Test func refusedResetWritesNothing() throws {
        try withRunDirectory { dir in
            let store = KillSwitchFileStore(runDirectory: dir)
            try store.trip(reason: "x", by: "ops", at: t1)
            #expect(throws: KillSwitchStoreError.refused(.resetNeedsReason)) {
                try store.reset(reason: "", by: "ops", at: t2)
            }
            #expect(store.read().state.tripped)
            #expect(try historyLines(store).count == 1)
        }
    }

    @Test func relativeRunDirectoryIsResolvedToAnAbsolutePath() {
        let store = KillSwitchFileStore(runDirectory: "var/run/njord")
        #expect(store.runDirectory.hasPrefix("/"))
        #expect(store.statePath.hasSuffix("/var/run/njord/killswitch.json"))
    }
}
