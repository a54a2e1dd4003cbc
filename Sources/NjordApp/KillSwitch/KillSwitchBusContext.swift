import Foundation
import NjordCore
import NjordRedis
import NjordServiceKit

#if canImport(Glibc)
    import Glibc
#endif

/// The kill switch service a `njord killswitch` command talks to: Redis (the authority) plus the
/// local file. When Redis cannot even be connected to, the service runs over an ``UnreachableBus``,
/// so the command follows the same fail-closed rules as a daemon would.
struct KillSwitchBusContext {
    let service: KillSwitchService
    private let redisBus: RedisBus?
    private let messagesOutBefore: Int

    init(location: KillSwitchLocation, redis: RedisOptions) throws {
        let endpoint = try redis.endpoint()
        let bus: any MessageBus
        do {
            let redisBus = try RedisBus(options: RedisBusOptions(endpoint: endpoint))
            self.redisBus = redisBus
            bus = redisBus
        } catch {
            redisBus = nil
            if case .disconnected(let why) = error {
                bus = UnreachableBus(reason: why)
            } else {
                bus = UnreachableBus(reason: error.description)
            }
        }
        messagesOutBefore = redisBus?.status.messagesOut ?? 0
        service = KillSwitchService(
            bus: bus, fileStore: location.store, clock: SystemClock(),
            authority: "redis:\(endpoint.addressDescription)", eventSource: "cli")
    }

    /// Publishing is queued to a background thread that drops its queue on close; a short-lived
    /// command waits (up to 2 s) for its change notifications to reach Redis before closing.
    func finish() {
        guard let redisBus else { return }
        let target = messagesOutBefore + service.published
        let deadline = SystemClock().monotonicNanoseconds() + 2_000_000_000
        while redisBus.status.messagesOut < target, SystemClock().monotonicNanoseconds() < deadline {
            _ = poll(nil, 0, 2)
        }
        redisBus.close()
    }
}
