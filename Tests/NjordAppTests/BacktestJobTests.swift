import Foundation
import NjordApp
import Testing

@testable import NjordSweep

/// The sweep documents encode as docs/CONTRACTS.md shows them.
@Suite struct BacktestJobTests {
    @Test func aJobEncodesAsTheDocumentedLineAndDecodesBack() throws {
        let job = BacktestJob(
            sweepId: "sw-20261126T101500Z-4242", index: 3, strategy: "sma_cross", params: ["fast": "5", "slow": "60"],
            data: BacktestJobData(bars: "/work/shared/data/bars/ftx-btc-perp-20211231-20220201_1m.csv"),
            settings: BacktestJobSettings(
                fee: "0.001", cash: "100000", fill: "next_open", tick: "0.00000001", step: "0.00000001"))
        let line = String(decoding: try job.encoded(), as: UTF8.self)
        let documented = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("docs/CONTRACTS.md"), encoding: .utf8)
        #expect(documented.contains("\n" + line + "\n"), "\(line)")
        #expect(try BacktestJob(json: Array(line.utf8)) == job)
        #expect(job.jobId == "sw-20261126T101500Z-4242-0003")
        #expect(BacktestJob.jobId(sweepId: "s", index: 12345) == "s-12345")
    }

    @Test func aMalformedJobIsAnErrorNotACrash() {
        #expect(throws: (any Error).self) { try BacktestJob(json: Array("{\"job_id\":1}".utf8)) }
        #expect(throws: (any Error).self) { try BacktestJob(json: Array("not json".utf8)) }
    }

    @Test func progressKeepsEveryKey() throws {
        let progress = BacktestJobProgress(
            jobId: "j", sweepId: "s", state: "running", fraction: 0.25, host: "h", pid: 7, at: 1)
        let line = String(decoding: try progress.encoded(), as: UTF8.self)
        #expect(
            line
                == "{\"at\":1,\"fraction\":0.25,\"host\":\"h\",\"job_id\":\"j\",\"pid\":7,\"state\":\"running\",\"sweep_id\":\"s\"}"
        )
        #expect(try BacktestJobProgress(json: Array(line.utf8)) == progress)
    }
}
