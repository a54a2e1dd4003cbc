#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What can go wrong writing, reading, compressing or naming a journal.
public enum JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A stream name is empty, `.`/`..`, too long, or has a character outside `[A-Za-z0-9._-]`.
    case invalidStreamName(String)
    /// A record contains a newline byte at this offset; one record is exactly one line.
    case recordContainsNewline(offset: Int)
    /// A record is not shaped as a JSON object (first non-space byte `{`, last non-space byte `}`).
    case recordNotJSONObject
    /// A system call failed with this errno.
    case system(call: String, path: String, errno: Int32)
    /// A zlib call returned this error code.
    case zlib(call: String, code: Int32, path: String)
    /// A gzip file ended before its compressed stream did.
    case truncatedGzip(path: String)
    /// The writer was closed, or an earlier failed write left its file in an unknown state.
    case writerClosed
    /// Today's file was already closed and compressed (the wall clock went back a day).
    case dayAlreadyClosed(date: String)
    /// A day given by the caller is not a valid `YYYY-MM-DD`.
    case invalidDay(String)

    public var description: String {
        switch self {
        case .invalidStreamName(let name):
            return "invalid stream name '\(name)': use only [A-Za-z0-9._-], 1...200 characters"
        case .recordContainsNewline(let offset):
            return "record contains a newline at byte \(offset); a record must be one line"
        case .recordNotJSONObject:
            return "record is not a JSON object (must start with '{' and end with '}')"
        case .system(let call, let path, let errno):
            return "\(call)(\(path)) failed: errno \(errno) (\(String(cString: strerror(errno))))"
        case .zlib(let call, let code, let path):
            return "zlib \(call) failed with code \(code) on \(path)"
        case .truncatedGzip(let path):
            return "gzip file \(path) ends before its compressed stream"
        case .writerClosed:
            return "journal writer is closed (or failed earlier)"
        case .dayAlreadyClosed(let date):
            return "journal day \(date) is already compressed; refusing to reopen it"
        case .invalidDay(let text):
            return "invalid day '\(text)': expected YYYY-MM-DD"
        }
    }
}
