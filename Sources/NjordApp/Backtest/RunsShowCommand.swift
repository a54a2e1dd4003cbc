public import ArgumentParser
import Foundation
import NjordBacktest

/// `njord runs show RUN`: one run's config, metrics and file paths. RUN is a run id under
/// `--runs-dir` or a folder path. `--json` prints one object (`id`, `path`, `config`, `metrics`,
/// `run`, `files`: name → absolute path).
public struct RunsShowCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one backtest run: metrics and paths.")

    @Argument(help: ArgumentHelp("Run id (folder name under --runs-dir) or run folder path.", valueName: "run"))
    var runReference: String
    @Option(help: "Folder the run folders are in.") var runsDir: String = "var/backtests"
    @Flag(help: "Print one JSON object.") var json = false

    public init() {}

    public func run() throws {
        let folder = try RunFolder.resolve(runReference, runsDir: runsDir)
        let names = ["config.json", "run.json"] + BacktestRunWriter.deterministicFiles
        let files = names.filter { FileManager.default.fileExists(atPath: folder.path + "/" + $0) }
        if json {
            let metrics = BacktestMetrics.orderedKeys.map {
                "\(RunText.json($0)):\(RunText.jsonNumber(folder.metrics[$0]))"
            }
            let paths = files.map { "\(RunText.json($0)):\(RunText.json(folder.path + "/" + $0))" }
            print(
                "{\"id\":\(RunText.json(folder.id)),\"path\":\(RunText.json(folder.path)),"
                    + "\"strategy\":\(RunText.json(folder.strategy)),\"params\":\(RunText.json(folder.params)),"
                    + "\"data\":\(RunText.json(folder.data)),\"finished_at\":\(RunText.json(folder.finishedAt)),"
                    + "\"metrics\":{\(metrics.joined(separator: ","))},\"files\":{\(paths.joined(separator: ","))}}")
            return
        }
        print("run       \(folder.id)")
        print("strategy  \(folder.strategy) \(folder.params)")
        print("data      \(folder.data)")
        print("finished  \(folder.finishedAt)")
        for key in BacktestMetrics.orderedKeys {
            print("\(key.padding(toLength: 18, withPad: " ", startingAt: 0))\(RunText.number(folder.metrics[key]))")
        }
        for name in files { print("\(name.padding(toLength: 14, withPad: " ", startingAt: 0))\(folder.path)/\(name)") }
    }
}
