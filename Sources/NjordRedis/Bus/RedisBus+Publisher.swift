import NjordCore

extension RedisBus {
    /// The publisher thread: takes everything queued, writes it as one pipelined batch, reads the
    /// replies, repeats. Reconnects with backoff; a batch lost to a broken connection is counted.
    func runPublisher() {
        var connection: RedisConnection?
        var backoff = ReconnectBackoff(capMilliseconds: options.reconnectCapMilliseconds)
        var random = SystemRandomNumberGenerator()
        var encoder = RESPEncoder(capacity: 1 << 20)
        let publishName = Array("PUBLISH".utf8)
        let maxBatch = 8_192
        while true {
            var batch: ArraySlice<(topic: String, payload: [UInt8])> = []
            let keepGoing: Bool = state.withLock {
                while publishQueue.isEmpty, !stopped { _ = state.wait(until: ConditionLock.deadline(afterMilliseconds: 1_000)) }
                if stopped { return false }
                if publishQueue.count <= maxBatch {
                    batch = publishQueue[...]
                    publishQueue.removeAll(keepingCapacity: true)
                } else {
                    batch = publishQueue[0..<maxBatch]
                    publishQueue.removeFirst(maxBatch)
                }
                return true
            }
            guard keepGoing else { return }
            if connection == nil {
                do {
                    connection = try RedisConnection(endpoint: options.endpoint)
                    backoff.reset()
                    state.withLock { publisherConnected = true }
                } catch {
                    recordError(error)
                    state.withLock {
                        publisherConnected = false
                        counters.dropped += batch.count
                    }
                    if !waitBeforeRetry(backoff.nextDelayNanoseconds(using: &random)) { return }
                    continue
                }
            }
            encoder.removeAll()
            for message in batch { encoder.append(arguments: [publishName, Array(message.topic.utf8), message.payload]) }
            do {
                try connection!.appendEncoded(encoder.bytes, count: encoder.count, name: "PUBLISH")
                for _ in 0..<encoder.count {
                    if let error = try connection!.discardReply() { recordError(RedisError.serverError(error)) }
                }
                state.withLock { counters.messagesOut += batch.count }
            } catch {
                recordError(error)
                connection = nil
                state.withLock {
                    publisherConnected = false
                    counters.dropped += batch.count
                    counters.reconnects += 1
                }
            }
        }
    }
}
