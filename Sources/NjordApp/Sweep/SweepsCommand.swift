public import ArgumentParser
import Foundation
import NjordBacktest
import NjordCore
import NjordServiceKit
import NjordSweep

/// `njord sweeps`: what the results index holds, from any machine that reaches the Redis: every
/// sweep with its finished and total jobs, and every job being run now (host, pid, progress).
public struct SweepsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sweeps", abstract: "List sweeps and running sweep jobs from the Redis results index.")

    @OptionGroup var redis: RedisOptions
    @Flag(help: "Print one JSON object.") var json = false

    public init() {}

    public func run() throws {
        let bus = try redis.bus()
        defer { bus.close() }
        let index = BacktestJobIndex(bus: bus)
        let pairs = try bus.command(["HGETALL", Topics.backtestSweepsKey]).array ?? []
        var sweeps: [(id: String, description: [String: Any], done: Int)] = []
        for i in stride(from: 0, to: pairs.count - 1, by: 2) {
            guard let id = pairs[i].string, let bytes = pairs[i + 1].bytes else { continue }
            let description = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
            sweeps.append((id, description, try index.doneCount(sweepId: id)))
        }
        sweeps.sort {
            (($0.description["created_at"] as? Int64) ?? 0, $0.id) > (
                ($1.description["created_at"] as? Int64) ?? 0, $1.id
            )
        }
        let running = try index.running().sorted { $0.jobId < $1.jobId }
        if json {
            let sweepRows = sweeps.map { s in
                "{\"sweep_id\":\(RunText.json(s.id)),\"jobs\":\((s.description["jobs"] as? Int) ?? 0),\"done\":\(s.done),"
                    + "\"strategy\":\(RunText.json(s.description["strategy"] as? String ?? "")),"
                    + "\"grid\":\(RunText.json(s.description["grid"] as? String ?? "")),"
                    + "\"metric\":\(RunText.json(s.description["metric"] as? String ?? ""))}"
            }
            let runningRows = running.compactMap { try? String(decoding: $0.encoded(), as: UTF8.self) }
            print(
                "{\"sweeps\":[\(sweepRows.joined(separator: ","))],\"running\":[\(runningRows.joined(separator: ","))]}"
            )
            return
        }
        print("sweeps: \(sweeps.count)")
        for s in sweeps {
            print(
                "  \(s.id)  \(s.done)/\((s.description["jobs"] as? Int) ?? 0) done  "
                    + "\(s.description["strategy"] as? String ?? "") \(s.description["grid"] as? String ?? "") "
                    + "by \(s.description["metric"] as? String ?? "")")
        }
        print("running jobs: \(running.count)")
        for p in running {
            print(
                "  \(p.jobId)  \(p.host) pid \(p.pid)  \(Int(p.fraction * 100))%  since \(Timestamp(nanosecondsSinceEpoch: p.at).iso8601)"
            )
        }
    }
}
