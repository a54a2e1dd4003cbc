import Foundation
import NjordCore
import NjordRedis
import NjordTestSupport
import Testing

@testable import NjordApp
@testable import NjordSweep

/// What a job says on `bt.progress`, and which of it makes `njord sweep` ask Redis for its count.
@Suite struct SweepProgressTests {
    /// The fractions an in-process worker publishes for one ftx45k job, in order.
    static func publishedFractions(phaseReportNanoseconds: UInt64) throws -> [Double] {
        let server = try RedisServerFixture()
        let bus = try RedisBus(options: RedisBusOptions(endpoint: .tcp(port: try #require(server.port))))
        defer { bus.close() }
        let events = try bus.subscribe([.topic(Topics.backtestProgress)])
        defer { events.close() }
        let runs = NSTemporaryDirectory() + "njord-progress-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: runs) }
        let job = BacktestJob(
            sweepId: "phases", index: 0, strategy: "sma_cross", params: ["fast": "10", "slow": "50"],
            data: BacktestJobData(bars: SweepCommandTests.ftx45k),
            settings: BacktestJobSettings(
                fee: "0.001", cash: "100000", fill: "next_open", tick: "0.00000001", step: "0.00000001"))
        try BacktestJobIndex(bus: bus).enqueue(sweepId: "phases", description: "{}", jobs: [job])
        let worker = BacktestWorker(
            bus: bus, runsDir: runs, consumer: "w1", claimIdleMilliseconds: 60_000, idleExitSeconds: 0.2,
            pollMilliseconds: 50, phaseReportNanoseconds: phaseReportNanoseconds, log: { _ in })
        try worker.run(shouldStop: { false })
        var fractions: [Double] = []
        _ = try eventually(within: 10_000) {
            while let message = events.next(timeoutMilliseconds: 50) {
                let progress = try BacktestJobProgress(json: message.payload)
                if progress.jobId == job.jobId { fractions.append(progress.fraction) }
            }
            return fractions.last == 1
        }
        return fractions
    }

    @Test func aJobShorterThanThePhaseReportTimeSendsOnlyItsStartAndItsEnd() throws {
        #expect(try Self.publishedFractions(phaseReportNanoseconds: .max) == [0, 1])
    }

    @Test func aJobPastThePhaseReportTimeSendsEveryPhase() throws {
        #expect(try Self.publishedFractions(phaseReportNanoseconds: 0) == [0, 0.25, 0.75, 1])
    }

    @Test func onlyTheEndOfAJobOfThisSweepOrAnUnreadableMessageMovesTheDoneCount() throws {
        func message(_ sweepId: String, _ state: String, _ fraction: Double) throws -> BusMessage {
            let progress = BacktestJobProgress(
                jobId: "\(sweepId)-0001", sweepId: sweepId, state: state, fraction: fraction, host: "h", pid: 1, at: 1)
            return BusMessage(topic: Topics.backtestProgress, payload: try progress.encoded())
        }
        #expect(!SweepCommand.endsAJob(try message("a", "running", 0), ofSweep: "a"))
        #expect(!SweepCommand.endsAJob(try message("a", "running", 0.75), ofSweep: "a"))
        for state in ["done", "failed", "skipped"] {
            #expect(SweepCommand.endsAJob(try message("a", state, 1), ofSweep: "a"), "\(state)")
            #expect(!SweepCommand.endsAJob(try message("b", state, 1), ofSweep: "a"), "\(state) of another sweep")
        }
        let garbage = BusMessage(topic: Topics.backtestProgress, payload: Array("{\"job_id\":".utf8))
        #expect(SweepCommand.endsAJob(garbage, ofSweep: "a"))
    }
}
