import Foundation
import NjordBacktest
import NjordConsole

/// The console's ``BacktestLibrary`` over the run folders under `runsDir` (read as `njord runs`
/// reads them, ``RunFolder``) and detached `njord backtest` processes, whose output goes to
/// `<logDir>/backtest-<run id>.log`.
final class RunFolderLibrary: BacktestLibrary {
    let runsDir: String
    let logDir: String
    /// The `njord` executable the launches run.
    let njord: String

    init(runsDir: String, logDir: String, njord: String) {
        self.runsDir = URL(fileURLWithPath: runsDir).standardizedFileURL.path
        self.logDir = logDir
        self.njord = njord
    }

    var strategyKinds: [String] { BacktestRunner.strategyNames }

    func listRuns() -> [BacktestRunSummary] {
        RunFolder.list(runsDir: runsDir).map(Self.summary)
    }

    func detail(of runId: String, points: Int) -> BacktestRunDetail? {
        guard let folder = try? RunFolder(path: runsDir + "/" + runId) else { return nil }
        let equity = Self.equity(csvAt: folder.path + "/equity.csv")
        return BacktestRunDetail(summary: Self.summary(folder), equity: BrailleChart.downsample(equity, to: points))
    }

    func launch(_ request: BacktestLaunchRequest) throws -> LaunchedBacktest {
        try FileManager.default.createDirectory(atPath: logDir, withIntermediateDirectories: true)
        let log = URL(fileURLWithPath: logDir + "/backtest-\(request.runId).log").standardizedFileURL.path
        let arguments = request.arguments(runsDir: runsDir)
        let pid = try DetachedProcess.spawn(executable: njord, arguments: arguments, logPath: log)
        let source: String
        switch request.source {
        case .barsFile(let path): source = URL(fileURLWithPath: path).lastPathComponent
        case .storeSymbol(let symbol): source = symbol
        }
        return LaunchedBacktest(
            runId: request.runId, pid: pid, logPath: log, description: "\(request.strategy) \(source) \(request.params)"
        )
    }

    func isRunning(pid: Int32) -> Bool { DetachedProcess.isRunning(pid: pid) }

    static func summary(_ folder: RunFolder) -> BacktestRunSummary {
        BacktestRunSummary(
            id: folder.id, path: folder.path, strategy: folder.strategy, data: folder.data, params: folder.params,
            finishedAt: folder.finishedAt, metrics: folder.metrics.compactMapValues { Double($0) })
    }

    /// The equity column of equity.csv (`timestamp,equity`); unreadable rows are skipped.
    static func equity(csvAt path: String) -> [Double] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            line.split(separator: ",").last.flatMap { Double($0) }
        }
    }
}
