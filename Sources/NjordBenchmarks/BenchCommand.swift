public import ArgumentParser

/// `njord-bench`: runs the benchmark suites and merges their figures into var/bench/latest.json.
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "njord-bench")
    public init() {}
    public func run() async throws {}
}
