/// The kill switch on the bus: its state lives in the key ``Topics/killSwitchKey`` (a
/// `killswitch.state` envelope), every change is published on ``Topics/killSwitchChanged``, and
/// every request is also written to the local ``KillSwitchFileStore`` (state file and history), so
/// that the switch survives a Redis that restarts without persistence, is wiped, or is away.
/// The rules that combine the two are ``KillSwitchResolution``'s.
///
/// Trip and reset hold the file store's lock, so a CLI and a daemon on one host do not interleave.
public final class KillSwitchService: @unchecked Sendable {
    public let bus: any MessageBus
    public let fileStore: KillSwitchFileStore
    /// Names the bus in readings' `source`, e.g. `redis:127.0.0.1:6479`.
    public let authority: String
    /// The envelope `src` of published states.
    public let eventSource: String
    private let clock: any Clock
    private let sequenceLock = Mutex()
    private var lastSequence: UInt64 = 0
    private var publishCount = 0

    public init(
        bus: any MessageBus, fileStore: KillSwitchFileStore, clock: any Clock, authority: String,
        eventSource: String = "killswitch"
    ) {
        self.bus = bus
        self.fileStore = fileStore
        self.clock = clock
        self.authority = authority
        self.eventSource = eventSource
    }

    /// Change notifications handed to the bus so far (a short-lived tool waits for them to leave).
    public var published: Int { sequenceLock.withLock { publishCount } }

    // MARK: - Reading

    /// The state every consumer must obey. Fails closed (tripped, with `problem` naming why) when the
    /// bus does not answer or the key is corrupt; restores a missing or stale key from the file.
    public func read() -> KillSwitchReading {
        let resolution = resolve()
        if let restore = resolution.restore { try? writeKey(restore, publish: true) }
        return resolution.reading
    }

    /// Reads the key and the file and combines them, without writing anything.
    public func resolve() -> KillSwitchResolution {
        KillSwitchResolution.resolve(key: readKey(), file: fileStore.read(), authority: authority)
    }

    func readKey() -> KillSwitchKeyRead {
        let bytes: [UInt8]?
        do {
            bytes = try bus.value(forKey: Topics.killSwitchKey)
        } catch {
            return .unreachable(error.description)
        }
        guard let bytes else { return .absent }
        do {
            let envelope = try EventEnvelope(json: bytes)
            guard case .killSwitchState(let event) = envelope.payload else {
                return .corrupt("holds a \(envelope.type.rawValue) event, not killswitch.state")
            }
            return .state(KillSwitchState(tripped: event.tripped, reason: event.reason, by: event.by, at: event.at))
        } catch {
            return .corrupt(error.description)
        }
    }

    // MARK: - Changing

    /// Trips the switch. Never refused and never lost: the file is written even when the bus is
    /// away (the outcome's `busProblem` says so), and a later read carries the trip to the key.
    /// Throws only when the file cannot be written.
    @discardableResult
    public func trip(reason: String, by actor: String) throws(KillSwitchStoreError) -> KillSwitchTripOutcome {
        try fileStore.locked { () throws(KillSwitchStoreError) in
            let now = clock.now()
            let resolution = resolve()
            let transition = resolution.base.trip(reason: reason, by: actor, at: now)
            var busProblem: String?
            if !resolution.reachable {
                busProblem = resolution.reading.problem
            } else if transition.changed || !resolution.keyInSync {
                do throws(BusError) {
                    try writeKey(transition.to, publish: true)
                } catch {
                    busProblem = "redis write failed: \(error)"
                }
            }
            try fileStore.record(transition, mirroring: resolution.reachable)
            return KillSwitchTripOutcome(transition: transition, busProblem: busProblem)
        }
    }

    /// Resets the switch. Needs a reason and an actor, and the bus: a reset that only reached the
    /// local file would be overruled by the key (or, worse, re-enable trading on this host only).
    @discardableResult
    public func reset(reason: String, by actor: String) throws(KillSwitchServiceError) -> KillSwitchTransition {
        let outcome: Result<KillSwitchTransition, KillSwitchServiceError>
        do throws(KillSwitchStoreError) {
            outcome = try fileStore.locked { () throws(KillSwitchStoreError) in
                try resetHoldingLock(reason: reason, by: actor)
            }
        } catch {
            throw .store(error)
        }
        return try outcome.get()
    }

    private func resetHoldingLock(reason: String, by actor: String) throws(KillSwitchStoreError)
        -> Result<KillSwitchTransition, KillSwitchServiceError>
    {
        let resolution = resolve()
        guard resolution.reachable else {
            return .failure(.authorityUnreachable(resolution.reading.problem ?? authority))
        }
        let transition: KillSwitchTransition
        do throws(KillSwitchError) {
            transition = try resolution.base.reset(reason: reason, by: actor, at: clock.now())
        } catch {
            return .failure(.refused(error))
        }
        if transition.changed || !resolution.keyInSync {
            do throws(BusError) {
                try writeKey(transition.to, publish: true)
            } catch {
                return .failure(.authorityUnreachable("redis write failed: \(error)"))
            }
        }
        try fileStore.record(transition, mirroring: true)
        return .success(transition)
    }

    // MARK: - Key and topic

    /// Writes `state` to the key as an envelope and, when asked, publishes the same envelope.
    func writeKey(_ state: KillSwitchState, publish: Bool) throws(BusError) {
        let bytes = envelope(for: state).encoded()
        try bus.setValue(bytes, forKey: Topics.killSwitchKey)
        // Publishing is best effort: watchers also re-read the key on a schedule.
        if publish {
            do throws(BusError) {
                try bus.publish(bytes, on: Topics.killSwitchChanged)
                sequenceLock.withLock { publishCount += 1 }
            } catch {}
        }
    }

    /// The envelope for a state; `seq` is the publication time in nanoseconds (kept increasing), so
    /// ids stay unique across the processes that change the switch.
    public func envelope(for state: KillSwitchState) -> EventEnvelope {
        let now = clock.now()
        let sequence = sequenceLock.withLock {
            lastSequence = max(lastSequence + 1, UInt64(max(0, now.nanosecondsSinceEpoch)))
            return lastSequence
        }
        return EventEnvelope(
            id: "\(eventSource):\(sequence)", source: eventSource, sequence: sequence,
            eventTime: state.at ?? now, receiveTime: now,
            payload: .killSwitchState(
                KillSwitchStateEvent(tripped: state.tripped, reason: state.reason, by: state.by, at: state.at)))
    }
}
