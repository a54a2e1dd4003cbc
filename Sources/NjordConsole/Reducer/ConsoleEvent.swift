public import NjordCore

/// What reaches the console from outside the keyboard: bus messages, the link's state, the
/// state keys the link reads periodically, and the tail of the local log files.
public enum ConsoleEvent: Sendable {
    /// A message on one of the subscribed topics.
    case message(BusMessage)
    /// The connection changed (or its counters did).
    case link(BusLinkState)
    /// The value of `njord:killswitch` (nil when absent).
    case killSwitchKey([UInt8]?)
    /// The value of `njord:bt:results` (nil when absent).
    case backtestResultsKey([UInt8]?)
    /// `njord:bt:results` could not be read; the reason is the bus's.
    case backtestResultsUnreadable(String)
    /// New lines of the services' NDJSON log files on this machine (``LogFileSource``).
    case logFiles(LogFileBatch)
}
