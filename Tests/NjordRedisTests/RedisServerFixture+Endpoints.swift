import NjordCore
import NjordRedis
import NjordTestSupport

// The fixture lives in NjordTestSupport, which does not depend on NjordRedis; the endpoints are
// built here.
extension RedisServerFixture {
    func tcpEndpoint(
        database: Int = 0, username: String? = nil, password: String? = nil,
        readTimeout: Duration? = .seconds(5)
    ) -> RedisEndpoint {
        .tcp(
            port: port!, database: database, username: username, password: password,
            readTimeout: readTimeout)
    }

    func unixEndpoint(readTimeout: Duration? = .seconds(5)) -> RedisEndpoint {
        .unix(path: socketPath, readTimeout: readTimeout)
    }
}

/// Collects what other threads report; tests read it after waiting on a semaphore with a deadline.
final class ThreadResults<Value>: @unchecked Sendable {
    private let lock = NjordCore.Mutex()
    private var values: [Value] = []

    func append(_ value: Value) { lock.withLock { values.append(value) } }
    var all: [Value] { lock.withLock { values } }
}
