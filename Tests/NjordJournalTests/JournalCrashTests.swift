import Foundation
import Testing

@testable import NjordJournal

/// Kills a real `njord journal crash-child` with SIGKILL, many times, on the same journal, and
/// checks that every acknowledged record survived, in order, exactly once.
struct JournalCrashTests {
    /// `njord` is built next to the test bundle by `swift build --build-tests`.
    private func njordBinary() throws -> String {
        let besideBundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("njord").path
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [besideBundle, packageRoot.appendingPathComponent(".build/debug/njord").path]
        return try #require(
            candidates.first { FileManager.default.isExecutableFile(atPath: $0) },
            "njord binary not found in \(candidates); run swift build --build-tests")
    }

    /// Runs one child until it acknowledged `threshold` records (or the deadline passes), kills
    /// it, and returns every seq it acknowledged before dying.
    private func runAndKill(
        njord: String, root: String, durability: String, startSeq: Int, threshold: Int
    ) throws -> [Int] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: njord)
        process.arguments = [
            "journal", "crash-child", "--root", root, "--stream", "crash", "--start-seq", String(startSeq),
            "--durability", durability,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        try pipe.fileHandleForWriting.close()
        let fd = pipe.fileHandleForReading.fileDescriptor

        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        func acks() -> Int { received.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        let deadline = Date().addingTimeInterval(30)
        var open = true
        while open && acks() < threshold && Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 { received += buffer[0..<n] } else { open = false }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        // Acks written before the kill are still in the pipe.
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        try pipe.fileHandleForReading.close()
        // Only whole lines count: a kill can cut the ack write itself, never the journal append
        // that preceded it.
        let whole = received.lastIndex(of: 0x0A).map { Array(received[...$0]) } ?? []
        return String(decoding: whole, as: UTF8.self).split(separator: "\n").map { Int($0)! }
    }

    /// `group_commit` acknowledges once the record is written, before its fdatasync: the kernel keeps
    /// it whatever happens to the process.
    @Test(arguments: ["fsync_each", "group_commit"])
    func everyAcknowledgedRecordSurvivesRepeatedKillNine(durability: String) throws {
        let njord = try njordBinary()
        let root = TemporaryJournalRoot()
        let rounds = 20
        let seqSpan = 1_000_000  // each round numbers its records from round * seqSpan + 1
        var acknowledged: [[Int]] = []
        for round in 0..<rounds {
            let threshold = Int.random(in: 1...200)
            let acks = try runAndKill(
                njord: njord, root: root.path, durability: durability, startSeq: round * seqSpan + 1,
                threshold: threshold)
            #expect(acks.count >= threshold, "round \(round): child acknowledged only \(acks.count)")
            #expect(acks == Array((round * seqSpan + 1)..<(round * seqSpan + 1 + acks.count)))
            acknowledged.append(acks)
        }

        var seqs: [Int] = []
        let summary = try JournalReader(root: root.path, stream: "crash").forEachRecord { bytes, _ in
            if let seq = seqOf(bytes) { seqs.append(seq) }
        }
        #expect(summary.records == seqs.count)
        #expect(zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 }, "records out of order or duplicated")
        for round in 0..<rounds {
            // A round's records are a gap-free run from its first seq, at least as long as its acks
            // (an append may land just before the kill without its ack getting out).
            let inRound = seqs.filter { $0 / seqSpan == round }
            let acks = acknowledged[round]
            #expect(inRound.count >= acks.count, "round \(round) lost acknowledged records")
            #expect(Array(inRound.prefix(acks.count)) == acks)
            #expect(inRound == Array((round * seqSpan + 1)..<(round * seqSpan + 1 + inRound.count)))
        }
        // kill -9 cannot tear a single write(2), so damage is rare; count whatever was repaired.
        let report = try JournalVerifier(root: root.path).verify(stream: "crash")
        #expect(report.records == seqs.count)
        print(
            "crash test (\(durability)): \(rounds) kills, \(acknowledged.joined().count) acknowledged, \(seqs.count) in journal, "
                + "\(report.tornTails) torn tails, \(report.corruptLines) repaired fragments")
    }
}
