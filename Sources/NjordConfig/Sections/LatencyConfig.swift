/// `latency:` — how the order-path daemons trade CPU for wake-up latency.
public struct LatencyConfig: Sendable, Equatable {
    /// While a daemon of the order path (strategy host, risk engine, paper trader) runs, the kernel
    /// is asked to keep idle CPUs able to wake within this many microseconds (PM QoS); 0 keeps
    /// them polling instead of halting. Nil: no request, the machine's own idle policy.
    public var cpuWakeupMicroseconds: Int?

    public init(cpuWakeupMicroseconds: Int? = nil) {
        self.cpuWakeupMicroseconds = cpuWakeupMicroseconds
    }

    static let cpuWakeupRange = 0...1_000_000

    static func read(_ r: MappingReader) -> LatencyConfig? {
        var wakeup: Int?
        var valid = true
        if r.has("cpu_wakeup_us") {
            wakeup = r.int("cpu_wakeup_us", range: cpuWakeupRange)
            valid = wakeup != nil
        } else {
            _ = r.value("cpu_wakeup_us", required: false)
        }
        r.finish()
        return valid ? LatencyConfig(cpuWakeupMicroseconds: wakeup) : nil
    }
}
