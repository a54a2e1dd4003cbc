import NjordCore

/// Reads records one at a time across day files, on top of the block reader (one block in memory).
public struct StoreRecordIterator<Record: StoreRecord> {
    private var paths: ArraySlice<String>
    private let lower: Int64
    private let upper: Int64
    private var reader: StoreFileReader<Record>?
    private var nextBlock = 0
    private var block = UnsafeBufferPointer<Record>(start: nil, count: 0)
    private var position = 0

    init(paths: [String], from: Timestamp?, to: Timestamp?) {
        self.paths = paths[...]
        lower = from?.nanosecondsSinceEpoch ?? .min
        upper = to?.nanosecondsSinceEpoch ?? .max
    }

    /// The next record in range, or nil at the end; throws on a damaged file.
    public mutating func next() throws -> Record? {
        while true {
            while position < block.count {
                let record = block[position]
                position += 1
                let t = record.storeTime.nanosecondsSinceEpoch
                if t >= upper {
                    paths = []
                    reader = nil
                    block = UnsafeBufferPointer(start: nil, count: 0)
                    return nil
                }
                if t >= lower { return record }
            }
            if let r = reader, nextBlock < r.blockCount {
                let entry = r.entries[nextBlock]
                nextBlock += 1
                if entry.lastTime < lower { continue }
                block = try r.decodeBlock(nextBlock - 1)
                position = 0
                continue
            }
            guard let path = paths.popFirst() else {
                reader = nil
                return nil
            }
            reader = try StoreFileReader<Record>(path: path)
            nextBlock = 0
            block = UnsafeBufferPointer(start: nil, count: 0)
            position = 0
        }
    }
}
