import Foundation
import NjordCore
import NjordTestSupport
import Testing

/// `njord md sim`: the simulated venue from the command line.
@Suite struct MarketDataSimCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let njord = try #require(NjordBinary.path(), "njord not built")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: njord)
        process.arguments = ["md", "sim"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func ndjsonOutputIsDecodableAndTheSameForTheSameSeed() throws {
        let arguments = ["--seed", "7", "--seconds", "3", "--symbol", "BTCUSDT", "--symbol", "ETHUSDT", "--ndjson"]
        let first = try Self.run(arguments)
        let second = try Self.run(arguments)
        #expect(first.status == 0)
        #expect(first.output == second.output)
        let lines = first.output.split(separator: "\n")
        #expect(lines.count > 60)
        let events = try lines.map { try EventEnvelope(json: String($0)) }
        #expect(Set(events.map(\.source)) == ["sim"])
        #expect(Set(events.map(\.type)) == [.trade, .bookSnapshot, .bookDelta, .topOfBook])
        let other = try Self.run([
            "--seed", "8", "--seconds", "3", "--symbol", "BTCUSDT", "--symbol", "ETHUSDT", "--ndjson",
        ])
        #expect(other.output != first.output)
    }

    @Test func summaryPrintsOneLinePerSimulatedSecond() throws {
        let result = try Self.run(["--seed", "7", "--seconds", "4", "--symbol", "SOLUSDT"])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.dropFirst().enumerated().allSatisfy { $1.hasPrefix("t=\($0 + 1)s SOLUSDT bid ") })
    }

    @Test func badOptionsAreRefused() throws {
        #expect(try Self.run(["--seconds", "0", "--seed", "1", "--symbol", "BTCUSDT"]).status != 0)
        #expect(try Self.run(["--seed", "1", "--symbol", "BTCUSDT", "--symbol", "BTCUSDT"]).status == 1)
    }
}
