import Foundation
import NjordBacktest
import NjordSweep

/// A finished sweep's results ranked by its metric, as a table or one JSON object.
struct SweepReport {
    let sweepId: String
    let metric: SweepMetric
    /// Best first.
    let ranked: [BacktestJobResult]
    let refused: Int
    let workers: Int
    let seconds: Double

    init(
        sweepId: String, metric: SweepMetric, results: [BacktestJobResult], refused: Int, workers: Int, seconds: Double
    ) {
        self.sweepId = sweepId
        self.metric = metric
        let byIndex = results.sorted { $0.index < $1.index }
        ranked = metric.ranking(byIndex.map { $0.error == nil ? $0.metric(metric.name) : nil }).map { byIndex[$0] }
        self.refused = refused
        self.workers = workers
        self.seconds = seconds
    }

    var failed: Int { ranked.filter { $0.error != nil }.count }

    func table(top: Int) -> String {
        var lines = [
            "sweep \(sweepId): \(ranked.count) jobs in \(String(format: "%.2f", seconds)) s, ranked by \(metric.name)"
                + (failed > 0 ? ", \(failed) failed" : "") + (refused > 0 ? ", \(refused) refused" : "")
        ]
        let shown = [metric.name] + ["total_return", "sharpe", "max_drawdown", "trades"].filter { $0 != metric.name }
        let header = ["rank", "params"] + shown + ["run"]
        var rows: [[String]] = [header]
        for (rank, r) in ranked.prefix(top).enumerated() {
            if let error = r.error {
                rows.append(
                    ["\(rank + 1)", Self.params(r.params), "error: \(error)"] + Array(repeating: "", count: shown.count)
                )
                continue
            }
            rows.append(
                ["\(rank + 1)", Self.params(r.params)] + shown.map { Self.number(r.metric($0)) }
                    + ["\(r.host):\(r.runDir ?? "")"])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            lines.append(
                row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
        return lines.joined(separator: "\n")
    }

    /// `{"sweep_id":…,"metric":…,"jobs":…,"failed":…,"refused":…,"workers":…,"seconds":…,"results":[…]}`,
    /// results best first, each with its rank, job id, params, the metric's value, every metric,
    /// final equity, host, run folder and error.
    func json() -> String {
        let rows = ranked.enumerated().map { rank, r in
            let metrics = SweepMetric.names.map { "\(RunText.json($0)):\(Self.jsonNumber(r.metric($0)))" }
            return "{\"rank\":\(rank + 1),\"job_id\":\(RunText.json(r.jobId)),\"index\":\(r.index),"
                + "\"params\":{\(r.params.sorted { $0.key < $1.key }.map { "\(RunText.json($0.key)):\(RunText.json($0.value))" }.joined(separator: ","))},"
                + "\"value\":\(Self.jsonNumber(r.metric(metric.name))),"
                + "\"metrics\":{\(r.error == nil ? metrics.joined(separator: ",") : "")},"
                + "\"final_equity\":\(r.finalEquity.map(RunText.json) ?? "null"),\"host\":\(RunText.json(r.host)),"
                + "\"run_dir\":\(r.runDir.map(RunText.json) ?? "null"),\"error\":\(r.error.map(RunText.json) ?? "null")}"
        }
        return
            "{\"sweep_id\":\(RunText.json(sweepId)),\"metric\":\(RunText.json(metric.name)),\"jobs\":\(ranked.count),"
            + "\"failed\":\(failed),\"refused\":\(refused),\"workers\":\(workers),\"seconds\":\(seconds),"
            + "\"results\":[\(rows.joined(separator: ","))]}"
    }

    static func params(_ values: [String: String]) -> String {
        values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return value == value.rounded() && abs(value) < 1e9 ? String(Int64(value)) : String(format: "%.4f", value)
    }

    static func jsonNumber(_ value: Double?) -> String { value.map(BacktestMetrics.jsonNumber) ?? "null" }
}
