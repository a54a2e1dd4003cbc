import ArgumentParser
import NjordBacktest
import NjordCore
import NjordServiceKit
import NjordSweep

/// A sweep ready to queue, built from `njord sweep`'s options (the console builds the same options
/// from its form): one ``BacktestJob`` per parameter set the strategy accepts, and the sweep's
/// description for `njord:bt:sweeps`. A single backtest is a sweep of one job.
struct SweepSubmission {
    let sweepId: String
    let metric: String
    let jobs: [BacktestJob]
    /// Parameter sets of the grid the strategy refused, and the first refusal's reason.
    let refused: Int
    let firstRefusal: String?
    /// The JSON stored under the sweep id in `njord:bt:sweeps` (docs/CONTRACTS.md).
    let description: String

    /// Validates the spec (data readable, grid parsed, strategy known) and expands it; throws a
    /// `ValidationError` naming what is wrong.
    init(spec: SweepSpecOptions, sweepId: String, createdAt: Timestamp, host: String = HostName.current) throws {
        metric = try spec.rankingMetric().name
        let data = try spec.data()
        let (sets, refused, firstRefusal) = try spec.parameterSets()
        self.sweepId = sweepId
        self.refused = refused
        self.firstRefusal = firstRefusal
        jobs = sets.enumerated().map { index, parameters in
            BacktestJob(
                sweepId: sweepId, index: index, strategy: spec.strategy, params: parameters.values, data: data,
                settings: spec.settings)
        }
        description =
            "{\"sweep_id\":\(RunText.json(sweepId)),\"strategy\":\(RunText.json(spec.strategy)),"
            + "\"grid\":\(RunText.json(spec.grid)),\"metric\":\(RunText.json(metric)),\"jobs\":\(jobs.count),"
            + "\"created_at\":\(createdAt.nanosecondsSinceEpoch),\"host\":\(RunText.json(host))}"
    }

    /// Describes the sweep, then queues its jobs on `bt:jobs`.
    func enqueue(on index: BacktestJobIndex) throws {
        try index.enqueue(sweepId: sweepId, description: description, jobs: jobs)
    }
}
