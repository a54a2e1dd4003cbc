public import NjordCore

/// A record the store can hold: ``StoredTrade`` and ``StoredBar``. The requirements are the block
/// codec hooks the file writer and reader call; they are public only so that the generic reader
/// can be.
public protocol StoreRecord: Sendable {
    /// The time the file is sorted and split into days by.
    var storeTime: Timestamp { get }
    /// Whether a file of `kind` holds this record type.
    static func isStored(in kind: StoreKind) -> Bool
    /// Appends one block (column-oriented, see ``StoreFileFormat``) encoding `records`.
    static func encodeStoreBlock(_ records: UnsafeBufferPointer<Self>, kind: StoreKind, into bytes: inout [UInt8])
    /// Decodes a block of `count` records into `records`; false when the bytes do not decode exactly.
    static func decodeStoreBlock(
        _ bytes: UnsafeRawBufferPointer, count: Int, into records: UnsafeMutablePointer<Self>
    ) -> Bool
    /// A placeholder value that initializes reusable buffers.
    static var storePlaceholder: Self { get }
}
