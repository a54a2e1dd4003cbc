/// Recognises repeated trades by id over a sliding window below the highest id seen, as after a
/// reconnect replays part of a stream. Binance trade ids rise by one per trade of a symbol, so a
/// bitmap over the last ``window`` ids is exact and costs a bit per id.
public struct TradeDeduper: Sendable {
    /// What an id was.
    public enum Outcome: Hashable, Sendable {
        /// Not seen before.
        case new
        /// Seen before, within the window.
        case duplicate
        /// At or below the window's lower end: cannot be told apart, treated as already seen.
        case tooOld
    }

    /// How many ids below the highest are remembered (a power of two).
    public let window: Int
    public private(set) var highest: Int64?
    /// Distinct ids accepted.
    public private(set) var distinct = 0
    public private(set) var duplicates = 0
    public private(set) var tooOld = 0
    private var bits: [UInt64]
    private let mask: Int64

    public init(window: Int = 1 << 16) {
        var size = 64
        while size < window { size <<= 1 }
        self.window = size
        mask = Int64(size - 1)
        bits = [UInt64](repeating: 0, count: size / 64)
    }

    @discardableResult
    public mutating func accept(_ id: Int64) -> Outcome {
        guard let top = highest else {
            highest = id
            mark(id)
            distinct += 1
            return .new
        }
        if id > top {
            // The slots of ids (top, id] last held ids a window lower: clear them.
            if id - top >= Int64(window) {
                for i in bits.indices { bits[i] = 0 }
            } else {
                var k = top + 1
                while k < id {
                    clear(k)
                    k += 1
                }
            }
            highest = id
            mark(id)
            distinct += 1
            return .new
        }
        if top - id >= Int64(window) {
            tooOld += 1
            return .tooOld
        }
        if isMarked(id) {
            duplicates += 1
            return .duplicate
        }
        mark(id)
        distinct += 1
        return .new
    }

    @inline(__always)
    private func slot(_ id: Int64) -> (word: Int, bit: UInt64) {
        let s = Int(id & mask)
        return (s >> 6, UInt64(1) << UInt64(s & 63))
    }

    @inline(__always)
    private mutating func mark(_ id: Int64) {
        let (w, b) = slot(id)
        bits[w] |= b
    }

    @inline(__always)
    private mutating func clear(_ id: Int64) {
        let (w, b) = slot(id)
        bits[w] &= ~b
    }

    @inline(__always)
    private func isMarked(_ id: Int64) -> Bool {
        let (w, b) = slot(id)
        return bits[w] & b != 0
    }
}
