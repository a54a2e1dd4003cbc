extension BarSeries {
    /// The bars at `range` (indices) as a series of their own.
    public func slice(_ range: Range<Int>) -> BarSeries {
        var out = BarSeries()
        out.reserveCapacity(range.count)
        for i in range {
            out.append(time: times[i], open: open[i], high: high[i], low: low[i], close: close[i], volume: volume[i])
        }
        return out
    }

    /// The index range of the bars whose open time is in `[from, to)` (times ascending).
    public func indices(from: Int64, to: Int64) -> Range<Int> {
        let lower = firstIndex(atOrAfter: from)
        return lower..<max(lower, firstIndex(atOrAfter: to))
    }

    /// The first index whose time is at or after `time` (binary search; `count` when none).
    func firstIndex(atOrAfter time: Int64) -> Int {
        var low = 0
        var high = times.count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] < time { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
