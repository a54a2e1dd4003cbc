import Foundation

/// Statistics of a series of periodic returns, defined as empyrical (`empyrical-reloaded`) defines
/// them, so that the committed fixtures made with it hold to 1e-9 relative. Risk-free and required
/// returns are 0. Undefined values are NaN (too few returns, 0/0) and ±infinity (x/0), as there.
public enum ReturnStatistics {
    /// Periods per year: a crypto market trades every day.
    public static let daysPerYear = 365.0

    public static func mean(_ r: [Double]) -> Double {
        r.isEmpty ? .nan : r.reduce(0, +) / Double(r.count)
    }

    /// Sample standard deviation (ddof 1); exactly 0 when every value is equal, as empyrical.
    public static func sampleStandardDeviation(_ r: [Double]) -> Double {
        guard r.count >= 2 else { return .nan }
        if let first = r.first, r.allSatisfy({ $0 == first }) { return 0 }
        let m = mean(r)
        let squares = r.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (squares / Double(r.count - 1)).squareRoot()
    }

    /// mean / sample std × √periods (empyrical `sharpe_ratio`).
    public static func sharpe(_ r: [Double], periodsPerYear: Double = daysPerYear) -> Double {
        guard r.count >= 2 else { return .nan }
        return mean(r) / sampleStandardDeviation(r) * periodsPerYear.squareRoot()
    }

    /// √(mean of min(r, 0)²) × √periods (empyrical `downside_risk`, required return 0).
    public static func downsideRisk(_ r: [Double], periodsPerYear: Double = daysPerYear) -> Double {
        guard !r.isEmpty else { return .nan }
        let squares = r.reduce(0) { $0 + min($1, 0) * min($1, 0) }
        return (squares / Double(r.count)).squareRoot() * periodsPerYear.squareRoot()
    }

    /// mean × periods / downside risk (empyrical `sortino_ratio`, required return 0).
    public static func sortino(_ r: [Double], periodsPerYear: Double = daysPerYear) -> Double {
        guard r.count >= 2 else { return .nan }
        return mean(r) * periodsPerYear / downsideRisk(r, periodsPerYear: periodsPerYear)
    }

    /// Sample std × √periods (empyrical `annual_volatility`).
    public static func annualVolatility(_ r: [Double], periodsPerYear: Double = daysPerYear) -> Double {
        guard r.count >= 2 else { return .nan }
        return sampleStandardDeviation(r) * periodsPerYear.squareRoot()
    }

    /// Compound annual growth: Π(1 + r)^(periods / n) − 1 (empyrical `annual_return`).
    public static func annualReturn(_ r: [Double], periodsPerYear: Double = daysPerYear) -> Double {
        guard !r.isEmpty else { return .nan }
        let growth = r.reduce(1) { $0 * (1 + $1) }
        return pow(growth, 1 / (Double(r.count) / periodsPerYear)) - 1
    }

    /// The worst fall from a running peak as a negative fraction (0 when never below a peak), and
    /// its duration: periods from that peak to the first period back at or above it, or to the end.
    /// The peak starts at the value before the first return (empyrical `max_drawdown`).
    public static func maxDrawdown(_ r: [Double]) -> (fraction: Double, periods: Int) {
        guard !r.isEmpty else { return (.nan, 0) }
        var value = 100.0
        var peak = value
        var peakIndex = 0
        var worst = 0.0
        var worstPeakIndex = 0
        var worstPeak = value
        var troughIndex = 0
        var values = [value]
        values.reserveCapacity(r.count + 1)
        for (i, ret) in r.enumerated() {
            value *= 1 + ret
            values.append(value)
            // A return to the peak restarts the count: the drawdown's duration runs from the
            // last time equity stood at its peak.
            if value >= peak {
                peak = value
                peakIndex = i + 1
            }
            let drawdown = (value - peak) / peak
            if drawdown < worst {
                worst = drawdown
                worstPeakIndex = peakIndex
                worstPeak = peak
                troughIndex = i + 1
            }
        }
        guard worst < 0 else { return (worst, 0) }
        let recovery = values[(troughIndex + 1)...].firstIndex { $0 >= worstPeak } ?? r.count
        return (worst, recovery - worstPeakIndex)
    }

    /// Annual return / |max drawdown|; NaN without a drawdown (empyrical `calmar_ratio`).
    public static func calmar(_ r: [Double], periodsPerYear: Double = daysPerYear) -> Double {
        let drawdown = maxDrawdown(r).fraction
        guard drawdown < 0 else { return .nan }
        return annualReturn(r, periodsPerYear: periodsPerYear) / abs(drawdown)
    }
}
