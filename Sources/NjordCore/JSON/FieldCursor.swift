/// Walks an object's keys against the table of its known fields: the index of each known field,
/// duplicates rejected, unknown keys handed back for skipping.
struct FieldCursor {
    let table: NameTable
    private var isFirst = true
    private var expected = 0
    private var seen: UInt64 = 0

    init(_ table: NameTable) {
        precondition(table.count <= 64, "a field table holds at most 64 names")
        self.table = table
    }

    /// Whether the field at `index` appeared.
    func contains(_ index: Int) -> Bool { seen & (1 << UInt64(index)) != 0 }

    /// The index of the next known field, ``unknown`` for a key not in the table, nil at the end.
    mutating func next(in reader: inout JSONReader, parent: @autoclosure () -> String) throws(ContractError) -> Int? {
        // Fast path: the expected field, spelled plainly, comes next (canonical input).
        if expected < table.count, let i = reader.consumeKeyIfNext(table, expected, isFirst: isFirst) {
            isFirst = false
            let bit: UInt64 = 1 << UInt64(i)
            if seen & bit != 0 { throw .duplicateField(path: FieldCursor.join(parent(), table.names[i])) }
            seen |= bit
            expected = i + 1
            return i
        }
        guard let key = try reader.nextKey(isFirst: &isFirst, at: parent()) else { return nil }
        let hint = expected
        guard let i = key.withUTF8(in: reader.input, { table.index(of: $0, hint: hint) }) else {
            return FieldCursor.unknown
        }
        let bit: UInt64 = 1 << UInt64(i)
        if seen & bit != 0 { throw .duplicateField(path: FieldCursor.join(parent(), table.names[i])) }
        seen |= bit
        expected = i + 1
        return i
    }

    /// Throws ``ContractError/missingField(path:)`` for the first field of the table that did not appear.
    func requireAll(parent: @autoclosure () -> String) throws(ContractError) {
        let all: UInt64 = table.count == 64 ? .max : (1 << UInt64(table.count)) - 1
        guard seen != all else { return }
        for i in 0..<table.count where !contains(i) {
            throw .missingField(path: FieldCursor.join(parent(), table.names[i]))
        }
    }

    static let unknown = -1

    static func join(_ parent: String, _ name: String) -> String {
        parent.isEmpty ? name : "\(parent).\(name)"
    }
}
