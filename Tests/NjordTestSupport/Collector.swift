import NjordCore

/// Collects values reported from any thread (callbacks, handlers); tests read them afterwards.
public final class Collector<Value: Sendable>: @unchecked Sendable {
    private let lock = NjordCore.Mutex()
    private var values: [Value] = []

    public init() {}

    public func append(_ value: Value) { lock.withLock { values.append(value) } }
    public var all: [Value] { lock.withLock { values } }
}
