import NjordCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Throughput of the contracts' wire codec on realistic trade events.
public enum ContractBenchmarks {
    /// One million trades: see ``run(count:)``.
    public static func run() throws -> [String: Double] { try run(count: 1_000_000) }

    /// Encodes `count` trade envelopes into one buffer of lines, then decodes every line back
    /// (`passes` times, the fastest pass counting). Returns `contract_encode_trades_per_s` and
    /// `contract_decode_trades_per_s`.
    public static func run(count: Int, passes: Int = 3) throws -> [String: Double] {
        let clock = SystemClock()
        let events = makeTrades(count)

        // Encoding appends to a reused buffer, as a journal writer does between flushes.
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 20)
        var encodedBytes = 0
        let encodeStart = clock.monotonicNanoseconds()
        for event in events {
            event.encode(into: &chunk)
            chunk.append(UInt8(ascii: "\n"))
            if chunk.count > (1 << 20) - 512 {
                encodedBytes += chunk.count
                chunk.removeAll(keepingCapacity: true)
            }
        }
        encodedBytes += chunk.count
        let encodeNanoseconds = clock.monotonicNanoseconds() - encodeStart

        var buffer: [UInt8] = []
        buffer.reserveCapacity(encodedBytes)
        for event in events {
            event.encode(into: &buffer)
            buffer.append(UInt8(ascii: "\n"))
        }
        guard buffer.count == encodedBytes else { throw ContractBenchmarkError.unstableEncoding }

        // The decode pass runs `passes` times over the same buffer and the fastest counts: on a shared
        // 2-core machine one pass can lose a time slice to another process, which says nothing
        // about the codec (the same best-of-N rule as timeit and hyperfine's minimum).
        var decodeNanoseconds = UInt64.max
        for _ in 0..<passes {
            decodeNanoseconds = min(decodeNanoseconds, try decodePass(buffer, count: count, clock: clock))
        }

        return [
            "contract_encode_trades_per_s": Double(count) / (Double(max(encodeNanoseconds, 1)) / 1e9),
            "contract_decode_trades_per_s": Double(count) / (Double(max(decodeNanoseconds, 1)) / 1e9),
        ]
    }

    /// Decodes every line of `buffer`; the nanoseconds it took.
    static func decodePass(_ buffer: [UInt8], count: Int, clock: SystemClock) throws -> UInt64 {
        // The checksum consumes every decoded value so the optimizer cannot drop the work.
        var checksum: Int128 = 0
        var decoded = 0
        let decodeStart = clock.monotonicNanoseconds()
        try buffer.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            var lineStart = 0
            while lineStart < all.count {
                // memchr: the line split should not cost more than the decode it feeds.
                guard let newline = memchr(base + lineStart, 0x0A, all.count - lineStart) else { break }
                let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                let event = try EventEnvelope(json: UnsafeBufferPointer(rebasing: all[lineStart..<end]))
                if case .trade(let trade) = event.payload {
                    checksum &+= trade.price.raw &+ trade.qty.raw &+ Int128(event.sequence)
                }
                decoded += 1
                lineStart = end + 1
            }
        }
        let nanoseconds = clock.monotonicNanoseconds() - decodeStart
        guard decoded == count, checksum != 0 else { throw ContractBenchmarkError.lostEvents(decoded: decoded) }
        return nanoseconds
    }

    /// Trades shaped like Binance BTCUSDT's: prices near 61 800 on a 0.01 tick, quantities on a
    /// 0.00001 step, ids and times increasing.
    static func makeTrades(_ count: Int) -> [EventEnvelope] {
        var events: [EventEnvelope] = []
        events.reserveCapacity(count)
        var state: UInt64 = 0x5EED
        let receiveStart: Int64 = 1_723_161_254_087_896_568
        for n in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let price = Fixed(raw: Int128(6_180_000 + Int64(state >> 52)) * 1_000_000)
            let qty = Fixed(raw: Int128(1 + Int64((state >> 20) & 0xFFFF)) * 1_000)
            let trade = Trade(
                venue: "binance", symbol: "BTCUSDT", tradeId: 3_735_683_259 + Int64(n), price: price, qty: qty,
                side: state & 1 == 0 ? .buy : .sell)
            let received = receiveStart + Int64(n) * 250_000
            events.append(
                EventEnvelope(
                    id: "md-ingest:\(n)", source: "md-ingest", sequence: UInt64(n),
                    eventTime: Timestamp(nanosecondsSinceEpoch: received - 1_254_000_000),
                    receiveTime: Timestamp(nanosecondsSinceEpoch: received), payload: .trade(trade)))
        }
        return events
    }
}

/// Why a contract benchmark run is invalid.
public enum ContractBenchmarkError: Error, CustomStringConvertible {
    /// Fewer events decoded than were encoded.
    case lostEvents(decoded: Int)
    /// Encoding the same events twice gave different sizes.
    case unstableEncoding

    public var description: String {
        switch self {
        case .lostEvents(let decoded): "contract benchmark decoded only \(decoded) events"
        case .unstableEncoding: "contract benchmark encoded the same events to different sizes"
        }
    }
}
