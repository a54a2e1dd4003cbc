import NjordCore

/// The equity of each PnL scope at the last UTC midnight, for `pnl_today` (equity now minus it).
/// Fed every equity the paper trader snapshots, in time order — its own snapshots as it runs and,
/// at start, the journaled ones — it takes as a day's opening equity the last equity seen before
/// that day began (snapshots come every second while the trader runs; across a stop, the last one
/// before the stop). A scope seen first on a day opens it at its starting equity (the portfolio's
/// `starting_cash`, zero for a strategy), so a fresh journal counts the whole PnL as today's.
struct DayOpenEquity: Equatable {
    private struct Seen: Equatable {
        var day: Int64
        var equity: Fixed
    }

    /// Per scope: the opening equity of the day it was last seen on, and the latest equity.
    private var opens: [String: Seen] = [:]
    private var latest: [String: Seen] = [:]

    /// Takes a journaled snapshot back at start: its `pnl_today` gives its day's opening equity
    /// exactly; one without (written before the field existed) counts as any other equity seen.
    mutating func restore(scope: String, equity: Fixed, pnlToday: Fixed?, at time: Timestamp) {
        guard let pnlToday else {
            _ = record(scope: scope, equity: equity, at: time, startingEquity: equity)
            return
        }
        let day = time.utcDayNumber
        opens[scope] = Seen(day: day, equity: equity - pnlToday)
        latest[scope] = Seen(day: day, equity: equity)
    }

    /// Records `equity` of `scope` at `time`; returns equity minus the day's opening equity.
    mutating func record(scope: String, equity: Fixed, at time: Timestamp, startingEquity: Fixed) -> Fixed {
        let day = time.utcDayNumber
        if let open = opens[scope], open.day >= day {
            latest[scope] = Seen(day: day, equity: equity)
            return equity - open.equity
        }
        // A new day for this scope: it opened at the last equity seen before it began.
        let opening = latest[scope].map { $0.day < day ? $0.equity : equity } ?? startingEquity
        opens[scope] = Seen(day: day, equity: opening)
        latest[scope] = Seen(day: day, equity: equity)
        return equity - opening
    }
}
