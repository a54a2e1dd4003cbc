/// What a consumer hands its logger about bad input: the first message of a kind in each
/// rate-limit interval, with how many of that kind were skipped silently since the last report.
///
/// NjordCore does not log; services turn reports into log lines (NjordLogging) or counters.
public struct BadInputReport: Equatable, Sendable, CustomStringConvertible {
    public var kind: BadInputKind
    /// The stream or topic the message came from.
    public var origin: String
    /// The consumer (service) that rejected it.
    public var consumer: String
    /// The decoder's reason (``ContractError`` description, starting with the field path).
    public var reason: String
    /// Messages of this kind rejected since the last report of this kind, not logged.
    public var suppressed: Int
    /// Messages of this kind this consumer rejected in all, this one included.
    public var total: Int

    public init(kind: BadInputKind, origin: String, consumer: String, reason: String, suppressed: Int, total: Int) {
        self.kind = kind
        self.origin = origin
        self.consumer = consumer
        self.reason = reason
        self.suppressed = suppressed
        self.total = total
    }

    public var description: String {
        "bad input (\(kind)) on \(origin) for \(consumer): \(reason); dead-lettered"
            + (suppressed > 0 ? " (\(suppressed) more of this kind not logged)" : "") + ", \(total) in all"
    }
}
