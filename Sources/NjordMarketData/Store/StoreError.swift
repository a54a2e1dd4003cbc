/// Why a store file could not be written or read. Every case names the file, so a damaged day is
/// found without guessing.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A POSIX call failed.
    case system(call: String, path: String, errno: Int32)
    /// The file does not start with the store's magic bytes.
    case notAStoreFile(path: String)
    /// The file's format version is not one this build reads.
    case unsupportedVersion(path: String, version: UInt16)
    /// The file is shorter (or longer) than its header says: torn or truncated.
    case sizeMismatch(path: String, expected: UInt64, actual: UInt64)
    /// The header or block index does not match its checksum.
    case headerChecksumMismatch(path: String)
    /// A block's bytes do not match the checksum in the index.
    case blockChecksumMismatch(path: String, block: Int)
    /// The header or index holds values that cannot be (offsets, counts, kind).
    case malformedHeader(path: String, reason: String)
    /// A block's bytes passed the checksum but do not decode (a writer bug or an unknown encoding).
    case malformedBlock(path: String, block: Int)
    /// The file holds another kind of record than the reader asked for.
    case kindMismatch(path: String, expected: String, found: String)
    /// Records were appended out of time order; a day file is sorted by time.
    case outOfOrder(path: String, previous: Int64, next: Int64)
    /// A record does not fall on the file's UTC day.
    case wrongDay(path: String, day: String, time: Int64)
    /// A venue or symbol cannot be a path component (empty, `.`/`..`, or holds `/`).
    case invalidName(String)

    public var description: String {
        switch self {
        case .system(let call, let path, let errno): "\(path): \(call) failed (errno \(errno))"
        case .notAStoreFile(let path): "\(path): not a store file (bad magic)"
        case .unsupportedVersion(let path, let version): "\(path): unsupported store format version \(version)"
        case .sizeMismatch(let path, let expected, let actual):
            "\(path): truncated or torn file: header says \(expected) bytes, file has \(actual)"
        case .headerChecksumMismatch(let path): "\(path): header or block index checksum mismatch (corrupted)"
        case .blockChecksumMismatch(let path, let block): "\(path): block \(block) checksum mismatch (corrupted)"
        case .malformedHeader(let path, let reason): "\(path): malformed header: \(reason)"
        case .malformedBlock(let path, let block): "\(path): block \(block) does not decode"
        case .kindMismatch(let path, let expected, let found): "\(path): holds \(found), expected \(expected)"
        case .outOfOrder(let path, let previous, let next):
            "\(path): record at \(next) ns follows one at \(previous) ns; records must be in time order"
        case .wrongDay(let path, let day, let time): "\(path): record at \(time) ns is not on \(day)"
        case .invalidName(let name): "'\(name)' cannot name a venue or symbol directory"
        }
    }
}
