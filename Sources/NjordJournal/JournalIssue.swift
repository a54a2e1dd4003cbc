/// A damaged spot a reader skipped, with where it is, so an operator can look at it.
public struct JournalIssue: Hashable, Sendable, CustomStringConvertible {
    /// What kind of damage.
    public enum Kind: Hashable, Sendable {
        /// Bytes after the last newline of a file: a write cut short by a crash.
        case tornTail
        /// A newline-terminated line that is not a JSON object (e.g. a torn fragment repaired by
        /// the writer's newline, or foreign bytes).
        case corruptLine
        /// The file could not be read to its end (e.g. a damaged gzip); the message says why.
        case unreadable(String)
    }

    public var kind: Kind
    public var stream: String
    public var path: String
    /// Start of the damaged bytes.
    public var position: JournalPosition
    /// How many bytes were skipped (without the newline).
    public var length: Int

    public init(kind: Kind, stream: String, path: String, position: JournalPosition, length: Int) {
        self.kind = kind
        self.stream = stream
        self.path = path
        self.position = position
        self.length = length
    }

    public var description: String {
        switch kind {
        case .tornTail:
            return "\(path): torn tail of \(length) bytes at offset \(position.offset)"
        case .corruptLine:
            return "\(path): corrupt line of \(length) bytes at offset \(position.offset)"
        case .unreadable(let why):
            return "\(path): unreadable after offset \(position.offset): \(why)"
        }
    }
}

/// What a read pass saw.
public struct JournalReadSummary: Sendable {
    /// Valid records delivered to the caller.
    public var records: Int = 0
    /// Damage skipped, in file order.
    public var issues: [JournalIssue] = []
    /// Where to resume to read what comes next (just past the last complete line read), or nil
    /// when nothing was read.
    public var resumePosition: JournalPosition?

    public init() {}
}
