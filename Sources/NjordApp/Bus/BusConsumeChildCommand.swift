import ArgumentParser
import Foundation
import NjordCore
import NjordServiceKit

#if canImport(Glibc)
    import Glibc
#endif

/// Hidden `njord bus consume-child`: the victim of the consumer-group crash test. Consumes a stream
/// in a group with an ``EventStreamConsumer`` whose handler "applies" an event by appending its id
/// and a newline to the applied file (O_APPEND, fsync) before the batch is acknowledged, so that
/// what it applied survives kill -9. Ids already in the file are seeded into the idempotency window
/// (the file is this service's journal). Runs until killed.
struct BusConsumeChildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume-child", abstract: "Consume a stream in a group until killed (crash test).",
        shouldDisplay: false)

    @OptionGroup var redis: RedisOptions

    @Option(help: "Stream to consume.")
    var stream: String

    @Option(help: "Consumer group.")
    var group: String

    @Option(help: "This consumer's name in the group.")
    var consumer: String

    @Option(help: "File the ids of applied events are appended to.")
    var appliedFile: String

    @Option(help: "Entries per read.")
    var batch: Int = 50

    @Option(help: "Pause after each applied event, in microseconds (paces the crash test).")
    var paceMicroseconds: UInt32 = 0

    func run() throws {
        let bus = try redis.bus()
        let consumer = EventStreamConsumer(
            bus: bus,
            options: .init(stream: stream, group: group, consumer: consumer, batchSize: batch, blockMilliseconds: 200),
            report: { report in FileHandle.standardError.write(Data("\(report)\n".utf8)) })
        if let previous = try? String(contentsOfFile: appliedFile, encoding: .utf8) {
            consumer.seedApplied(previous.split(separator: "\n").map(String.init))
        }
        let fd = open(appliedFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw ValidationError("--applied-file: cannot open '\(appliedFile)': errno \(errno)") }
        try consumer.start()
        let pace = paceMicroseconds
        while true {
            try consumer.process { event in
                var line = Array("\(event.id)\n".utf8)
                let written = line.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
                guard written == line.count, fsync(fd) == 0 else { throw ExitCode(2) }
                if pace > 0 { usleep(pace) }
            }
        }
    }
}
