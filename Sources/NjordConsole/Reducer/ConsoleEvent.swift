public import NjordCore

/// What reaches the console from outside the keyboard: bus messages, the link's state, the state
/// key the link reads periodically, what the backtest library's polls saw, and the tail of the
/// local log files.
public enum ConsoleEvent: Sendable {
    /// A message on one of the subscribed topics.
    case message(BusMessage)
    /// The connection changed (or its counters did).
    case link(BusLinkState)
    /// The value of `njord:killswitch` (nil when absent).
    case killSwitchKey([UInt8]?)
    /// A poll of the ``BacktestLibrary``: the results index, running jobs, worker presence.
    case backtestLibrary(BacktestLibrarySnapshot)
    /// The library could not be polled; the reason is its own.
    case backtestLibraryUnreadable(String)
    /// New lines of the services' NDJSON log files on this machine (``LogFileSource``).
    case logFiles(LogFileBatch)
}
