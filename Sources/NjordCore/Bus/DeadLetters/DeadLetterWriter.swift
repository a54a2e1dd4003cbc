/// What every consumer does with a message it cannot decode: count it by kind, report it (rate
/// limited, one report per kind per interval), and copy it to the dead-letter stream with the
/// reason, so that it is skipped without being lost.
public struct DeadLetterWriter: Sendable {
    private let bus: any MessageBus
    /// Named in the entries and reports.
    public let consumer: String
    private let clock: any Clock
    private var limiter: BadInputRateLimiter
    private let report: @Sendable (BadInputReport) -> Void
    /// Messages rejected, by kind.
    public private(set) var rejectedByKind: [BadInputKind: Int] = [:]

    /// - Parameters:
    ///   - reportIntervalNanoseconds: at most one report per kind per this interval.
    ///   - report: called on the rejecting thread; keep it cheap (a log call).
    public init(
        bus: any MessageBus, consumer: String, clock: any Clock, reportIntervalNanoseconds: UInt64 = 10_000_000_000,
        report: @escaping @Sendable (BadInputReport) -> Void
    ) {
        self.bus = bus
        self.consumer = consumer
        self.clock = clock
        self.limiter = BadInputRateLimiter(intervalNanoseconds: reportIntervalNanoseconds, clock: clock)
        self.report = report
    }

    /// Counts, reports and dead-letters one message. Throws only when the dead-letter stream could
    /// not be written (then the message is not yet safe to drop).
    public mutating func reject(_ payload: [UInt8], origin: String, error: ContractError) throws(BusError) {
        let kind = BadInputKind(error)
        rejectedByKind[kind, default: 0] += 1
        if let suppressed = limiter.admit(kind) {
            report(
                BadInputReport(
                    kind: kind, origin: origin, consumer: consumer, reason: error.description, suppressed: suppressed,
                    total: rejectedByKind[kind] ?? 0))
        }
        let letter = DeadLetter(
            origin: origin, reason: error.description, kind: kind, at: clock.now(), consumer: consumer,
            payload: payload)
        try bus.append(letter.encoded(), to: Topics.deadLetters)
    }
}
