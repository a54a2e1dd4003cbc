import Foundation
import NjordCore

/// The simulator's own random source: xoshiro256** seeded through SplitMix64. Never the system
/// generator, so a seed names one market exactly.
///
/// The draws are `Double` — they feed waiting times, the continuous price process and choices,
/// never money directly (everything that reaches an event is rounded onto a tick or step grid
/// first). `log`/`exp`/`sqrt`/`cos` come from the platform's libm: a seed reproduces byte for byte on
/// one platform; another libm could in principle round a last bit differently.
public struct SimRandom: Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// The next 64 random bits.
    public mutating func nextBits() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1), 53 bits.
    public mutating func unit() -> Double {
        Double(nextBits() >> 11) * 0x1.0p-53
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Uniform integer in `0..<n` (n > 0), by rejection so there is no modulo bias.
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0, "below(n) needs n > 0")
        let bound = UInt64(n)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let x = nextBits()
            if x < limit { return Int(x % bound) }
        }
    }

    /// Exponential waiting time with the given rate (events per unit), by inversion.
    public mutating func exponential(rate: Double) -> Double {
        -Foundation.log(1 - unit()) / rate
    }

    /// Standard normal, by Box–Muller (one of the pair is used; simpler than caching the other).
    public mutating func normal() -> Double {
        let u1 = 1 - unit()  // (0, 1]: log stays finite
        let u2 = unit()
        return Foundation.sqrt(-2 * Foundation.log(u1)) * Foundation.cos(2 * Double.pi * u2)
    }

    /// A log-normal whole count with the given median, at least 1.
    public mutating func logNormalCount(median: Double, sigma: Double) -> Int64 {
        let x = median * Foundation.exp(sigma * normal())
        return Swift.max(1, Int64(Swift.min(x, 1e15).rounded()))
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
