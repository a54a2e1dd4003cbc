public import ArgumentParser
import Foundation
import NjordBacktest

/// `njord runs list`: the runs under `--runs-dir`, newest first, with their headline metrics.
/// `--json` prints one array of objects (`id`, `strategy`, `params`, `data`, `total_return`,
/// `sharpe`, `trades`, `finished_at`, `path`; undefined metrics are null).
public struct RunsListCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List backtest runs, newest first.")

    @Option(help: "Folder the run folders are in.") var runsDir: String = "var/backtests"
    @Flag(help: "Print one JSON array.") var json = false

    public init() {}

    public func run() throws {
        let runs = RunFolder.list(runsDir: runsDir)
        if json {
            print("[" + runs.map(Self.jsonObject).joined(separator: ",") + "]")
            return
        }
        if runs.isEmpty {
            print("no runs in \(runsDir)")
            return
        }
        print("id\tstrategy\tparams\tdata\ttotal_return\tsharpe\ttrades")
        for r in runs {
            let fields = [
                r.id, r.strategy, r.params, r.data, RunText.number(r.metrics["total_return"]),
                RunText.number(r.metrics["sharpe"]), RunText.number(r.metrics["trades"]),
            ]
            print(fields.joined(separator: "\t"))
        }
    }

    static func jsonObject(_ r: RunFolder) -> String {
        "{\"id\":\(RunText.json(r.id)),\"strategy\":\(RunText.json(r.strategy)),\"params\":\(RunText.json(r.params)),"
            + "\"data\":\(RunText.json(r.data)),\"total_return\":\(RunText.jsonNumber(r.metrics["total_return"])),"
            + "\"sharpe\":\(RunText.jsonNumber(r.metrics["sharpe"])),\"trades\":\(RunText.jsonNumber(r.metrics["trades"])),"
            + "\"finished_at\":\(RunText.json(r.finishedAt)),\"path\":\(RunText.json(r.path))}"
    }
}
